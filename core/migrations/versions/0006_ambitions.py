"""ambition rounds: framework versions, ambition answers, reveal and neutral labels

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "framework_versions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("number", sa.Integer(), nullable=False, unique=True),
        sa.Column("generations", sa.JSON(), nullable=False),
        sa.Column("capabilities", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(80), nullable=False),
    )
    with op.batch_alter_table("gatherings") as batch:
        batch.add_column(
            sa.Column("neutral_labels", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("activities") as batch:
        batch.add_column(
            sa.Column("revealed", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(
            sa.Column(
                "rates_capabilities", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
        batch.add_column(sa.Column("framework_version_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_activities_framework_version_id",
            "framework_versions",
            ["framework_version_id"],
            ["id"],
            ondelete="RESTRICT",
        )
    with op.batch_alter_table("entries") as batch:
        batch.add_column(sa.Column("horizon", sa.String(10), nullable=True))
    op.create_table(
        "ambitions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "gathering_id",
            sa.Integer(),
            sa.ForeignKey("gatherings.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "activity_id",
            sa.Integer(),
            sa.ForeignKey("activities.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "group_id", sa.Integer(), sa.ForeignKey("groups.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column(
            "organisation_id", sa.Integer(), sa.ForeignKey("organisations.id"), nullable=False
        ),
        sa.Column(
            "module_id", sa.Integer(), sa.ForeignKey("modules.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("theme_key", sa.String(40), nullable=False),
        sa.Column(
            "framework_version_id",
            sa.Integer(),
            sa.ForeignKey("framework_versions.id", ondelete="RESTRICT"),
            nullable=False,
        ),
        sa.Column("now_generation", sa.Integer(), nullable=False),
        sa.Column("one_year_generation", sa.Integer(), nullable=False),
        sa.Column("three_year_generation", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("capability_ratings", sa.JSON(), nullable=False),
        sa.Column("edits", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("activity_id", "group_id"),
    )
    op.create_index("ix_ambitions_organisation", "ambitions", ["organisation_id", "module_id"])


def downgrade() -> None:
    op.drop_index("ix_ambitions_organisation", "ambitions")
    op.drop_table("ambitions")
    with op.batch_alter_table("entries") as batch:
        batch.drop_column("horizon")
    with op.batch_alter_table("activities") as batch:
        batch.drop_constraint("fk_activities_framework_version_id", type_="foreignkey")
        batch.drop_column("framework_version_id")
        batch.drop_column("rates_capabilities")
        batch.drop_column("revealed")
    with op.batch_alter_table("gatherings") as batch:
        batch.drop_column("neutral_labels")
    op.drop_table("framework_versions")
