"""quizzes that open only after their agenda's modules are read

Revision ID: 0008_gating
Revises: 0007
Create Date: 2026-11-23 09:00:00.000000

A phase is now completed only when its required quizzes are passed and all its material is read.
Completions are stored rows (phase_completions), written when the rule was met: this migration leaves
them as they are, so a participant who completed a phase under the old rule (quizzes only) keeps the
completion and the next phase stays open. The new column starts off for every existing quiz;
`lms import-content` turns it on for the shipped evaluations.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008_gating'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('quizzes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('requires_reading', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('quizzes', schema=None) as batch_op:
        batch_op.drop_column('requires_reading')
