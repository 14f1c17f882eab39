"""users belong to a network (administrators to all)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("network_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_users_network_id", "networks", ["network_id"], ["id"], ondelete="SET NULL"
        )
    # Everyone but administrators worked in the one network that existed until now.
    op.execute(
        "UPDATE users SET network_id = (SELECT MIN(id) FROM networks) WHERE role <> 'admin'"
    )


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_constraint("fk_users_network_id", type_="foreignkey")
        batch.drop_column("network_id")
