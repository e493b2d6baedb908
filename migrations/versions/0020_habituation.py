"""the habituation log: entries per activity and workday with their edit history, evidence files, comment
threads, and changes of plan awaiting coach and mentor

Revision ID: 0020_habituation
Revises: 0019_seminars
Create Date: 2026-12-05 17:09:18.507020

Only new tables: no existing row changes. The integrator re-chains down_revision when merging (the branch was
cut with 0018_aktualisasi as the head; 0019 belongs to another branch of this round).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0020_habituation'
down_revision = '0019_seminars'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('habituation_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('step', sa.Integer(), nullable=True),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('done', sa.Text(), nullable=False),
    sa.Column('values', sa.JSON(), nullable=False),
    sa.Column('obstacles', sa.Text(), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('question', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('confirmed_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("state IN ('waiting', 'questioned', 'confirmed')", name=op.f('ck_habituation_entries_state')),
    sa.CheckConstraint('step IS NULL OR step >= 1', name=op.f('ck_habituation_entries_step')),
    sa.ForeignKeyConstraint(['activity_id'], ['aktualisasi_activities.id'], name=op.f('fk_habituation_entries_activity_id_aktualisasi_activities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['confirmed_by_id'], ['users.id'], name=op.f('fk_habituation_entries_confirmed_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_habituation_entries_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_habituation_entries'))
    )
    with op.batch_alter_table('habituation_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_habituation_entries_activity_id'), ['activity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_habituation_entries_state'), ['state'], unique=False)
        batch_op.create_index(batch_op.f('ix_habituation_entries_user_id'), ['user_id'], unique=False)

    op.create_table('habituation_plan_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('proposed', sa.JSON(), nullable=False),
    sa.Column('before', sa.JSON(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('coach_agreed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('mentor_agreed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('refusal', sa.Text(), nullable=False),
    sa.Column('refused_by_role', sa.String(length=12), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("state IN ('proposed', 'applied', 'refused')", name=op.f('ck_habituation_plan_changes_state')),
    sa.ForeignKeyConstraint(['activity_id'], ['aktualisasi_activities.id'], name=op.f('fk_habituation_plan_changes_activity_id_aktualisasi_activities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_habituation_plan_changes_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_habituation_plan_changes'))
    )
    with op.batch_alter_table('habituation_plan_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_habituation_plan_changes_activity_id'), ['activity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_habituation_plan_changes_state'), ['state'], unique=False)
        batch_op.create_index(batch_op.f('ix_habituation_plan_changes_user_id'), ['user_id'], unique=False)

    op.create_table('habituation_comments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('role', sa.String(length=12), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("role IN ('participant', 'coach', 'mentor')", name=op.f('ck_habituation_comments_role')),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_habituation_comments_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['entry_id'], ['habituation_entries.id'], name=op.f('fk_habituation_comments_entry_id_habituation_entries'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_habituation_comments'))
    )
    with op.batch_alter_table('habituation_comments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_habituation_comments_entry_id'), ['entry_id'], unique=False)

    op.create_table('habituation_entry_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['habituation_entries.id'], name=op.f('fk_habituation_entry_versions_entry_id_habituation_entries'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_habituation_entry_versions')),
    sa.UniqueConstraint('entry_id', 'revision', name='uq_habituation_entry_version')
    )
    with op.batch_alter_table('habituation_entry_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_habituation_entry_versions_entry_id'), ['entry_id'], unique=False)

    op.create_table('habituation_evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('content_type', sa.String(length=40), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('caption', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['habituation_entries.id'], name=op.f('fk_habituation_evidence_entry_id_habituation_entries'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_habituation_evidence'))
    )
    with op.batch_alter_table('habituation_evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_habituation_evidence_entry_id'), ['entry_id'], unique=False)



def downgrade():
    with op.batch_alter_table('habituation_evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_habituation_evidence_entry_id'))

    op.drop_table('habituation_evidence')
    with op.batch_alter_table('habituation_entry_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_habituation_entry_versions_entry_id'))

    op.drop_table('habituation_entry_versions')
    with op.batch_alter_table('habituation_comments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_habituation_comments_entry_id'))

    op.drop_table('habituation_comments')
    with op.batch_alter_table('habituation_plan_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_habituation_plan_changes_user_id'))
        batch_op.drop_index(batch_op.f('ix_habituation_plan_changes_state'))
        batch_op.drop_index(batch_op.f('ix_habituation_plan_changes_activity_id'))

    op.drop_table('habituation_plan_changes')
    with op.batch_alter_table('habituation_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_habituation_entries_user_id'))
        batch_op.drop_index(batch_op.f('ix_habituation_entries_state'))
        batch_op.drop_index(batch_op.f('ix_habituation_entries_activity_id'))

    op.drop_table('habituation_entries')
