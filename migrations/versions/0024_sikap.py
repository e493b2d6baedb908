"""sikap perilaku: each scorer's rubric score of a participant on an attitude instrument of the program file

Revision ID: 0024_sikap
Revises: 0023_program
Create Date: 2026-12-06 01:48:55.161350

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0024_sikap'
down_revision = '0023_program'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('sikap_scores',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('angkatan_id', sa.Integer(), nullable=False),
    sa.Column('instrument', sa.String(length=10), nullable=False),
    sa.Column('role', sa.String(length=12), nullable=False),
    sa.Column('scorer_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('levels', sa.JSON(), nullable=False),
    sa.Column('score', sa.Numeric(precision=5, scale=2), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("role IN ('widyaiswara', 'committee', 'coach', 'mentor')", name=op.f('ck_sikap_scores_role')),
    sa.CheckConstraint('revision > 0', name=op.f('ck_sikap_scores_revision')),
    sa.ForeignKeyConstraint(['angkatan_id'], ['angkatan.id'], name=op.f('fk_sikap_scores_angkatan_id_angkatan'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['scorer_id'], ['users.id'], name=op.f('fk_sikap_scores_scorer_id_users')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_sikap_scores_user_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['version_id'], ['program_versions.id'], name=op.f('fk_sikap_scores_version_id_program_versions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sikap_scores')),
    sa.UniqueConstraint('user_id', 'angkatan_id', 'instrument', 'role', 'scorer_id', name='uq_sikap_score')
    )
    with op.batch_alter_table('sikap_scores', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sikap_scores_angkatan_id'), ['angkatan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sikap_scores_scorer_id'), ['scorer_id'], unique=False)



def downgrade():
    with op.batch_alter_table('sikap_scores', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sikap_scores_scorer_id'))
        batch_op.drop_index(batch_op.f('ix_sikap_scores_angkatan_id'))

    op.drop_table('sikap_scores')
