"""drop activities.framework_version_id: a round's framework version is its first answer's

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Every answer already stores the version it was given under; the round's copy could only
    # disagree with it (core.ambitions._version_of reads the first answer's instead).
    with op.batch_alter_table("activities") as batch:
        batch.drop_constraint("fk_activities_framework_version_id", type_="foreignkey")
        batch.drop_column("framework_version_id")


def downgrade() -> None:
    restrict = sa.ForeignKey(
        "framework_versions.id", name="fk_activities_framework_version_id", ondelete="RESTRICT"
    )
    with op.batch_alter_table("activities") as batch:
        batch.add_column(sa.Column("framework_version_id", sa.Integer(), restrict, nullable=True))
    # Rounds that were answered get their first answer's version back.
    op.execute(
        "UPDATE activities SET framework_version_id = ("
        " SELECT ambitions.framework_version_id FROM ambitions"
        " WHERE ambitions.activity_id = activities.id ORDER BY ambitions.id LIMIT 1)"
        " WHERE kind = 'ambition'"
    )
