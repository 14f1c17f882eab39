"""indexes for the results views: gatherings by module, ambitions by module

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Every results read starts from a cohort's modules and reaches its gatherings and answers
    # through these two columns (bench/results.py, docs/performance.md).
    op.create_index("ix_gatherings_module", "gatherings", ["module_id"])
    op.create_index("ix_ambitions_module", "ambitions", ["module_id"])


def downgrade() -> None:
    op.drop_index("ix_ambitions_module", "ambitions")
    op.drop_index("ix_gatherings_module", "gatherings")
