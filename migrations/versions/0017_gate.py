"""what completes a phase besides its evaluations (the PJJ gate: attendance share, tasks submitted)

Revision ID: 0017_gate
Revises: 0016_questions
Create Date: 2026-12-05 13:00:00.000000

Phases get `completion_rules`, the `completion:` block of their phase.md (lms.phases.requirements); every
existing phase starts with none, so its gate is exactly what it was (its required evaluations) until
`lms import-content` reads the shipped PJJ rules. Completions keep their source; new ones say "requirements".
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017_gate'
down_revision = '0016_questions'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('phases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('completion_rules', sa.JSON(), server_default='{}', nullable=False))


def downgrade():
    with op.batch_alter_table('phases', schema=None) as batch_op:
        batch_op.drop_column('completion_rules')
