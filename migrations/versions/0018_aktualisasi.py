"""the rancangan aktualisasi as data: plans and their workflow state, sections with revisions, activities,
versions and comments

Revision ID: 0018_aktualisasi
Revises: 0017_gate
Create Date: 2026-12-05 14:00:00.000000

Only new tables: no existing row changes. The integrator re-chains down_revision when merging (the branch was
cut with 0017_gate as the head; the brief's base is 0013_relations).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018_aktualisasi'
down_revision = '0017_gate'
branch_labels = None
depends_on = None

STATES = (
    "state IN ('draft', 'submitted', 'returned_by_coach', 'accepted_by_coach', 'returned_by_mentor', "
    "'approved_by_mentor', 'seminar_scheduled', 'scored', 'revisions_asked', 'revision_submitted', 'approved')"
)


def upgrade():
    op.create_table('aktualisasi_plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=24), nullable=False),
    sa.Column('state_changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint(STATES, name=op.f('ck_aktualisasi_plans_state')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_aktualisasi_plans_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_aktualisasi_plans')),
    sa.UniqueConstraint('user_id', name=op.f('uq_aktualisasi_plans_user_id'))
    )
    with op.batch_alter_table('aktualisasi_plans', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_aktualisasi_plans_state'), ['state'], unique=False)

    op.create_table('aktualisasi_sections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=20), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("key IN ('isu', 'penyebab', 'gagasan')", name=op.f('ck_aktualisasi_sections_key')),
    sa.ForeignKeyConstraint(['plan_id'], ['aktualisasi_plans.id'], name=op.f('fk_aktualisasi_sections_plan_id_aktualisasi_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_aktualisasi_sections')),
    sa.UniqueConstraint('plan_id', 'key', name='uq_aktualisasi_section_key')
    )

    op.create_table('aktualisasi_activities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('steps', sa.JSON(), nullable=False),
    sa.Column('output', sa.Text(), nullable=False),
    sa.Column('start_day', sa.Integer(), nullable=False),
    sa.Column('end_day', sa.Integer(), nullable=False),
    sa.Column('values', sa.JSON(), nullable=False),
    sa.Column('vision_mission', sa.Text(), nullable=False),
    sa.Column('organisation_values', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('start_day >= 1 AND end_day >= start_day', name=op.f('ck_aktualisasi_activities_days')),
    sa.CheckConstraint('revision >= 1', name=op.f('ck_aktualisasi_activities_revision')),
    sa.ForeignKeyConstraint(['plan_id'], ['aktualisasi_plans.id'], name=op.f('fk_aktualisasi_activities_plan_id_aktualisasi_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_aktualisasi_activities'))
    )
    with op.batch_alter_table('aktualisasi_activities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_aktualisasi_activities_plan_id'), ['plan_id'], unique=False)

    op.create_table('aktualisasi_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=24), nullable=False),
    sa.Column('state', sa.String(length=24), nullable=False),
    sa.Column('snapshot', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_aktualisasi_versions_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['plan_id'], ['aktualisasi_plans.id'], name=op.f('fk_aktualisasi_versions_plan_id_aktualisasi_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_aktualisasi_versions')),
    sa.UniqueConstraint('plan_id', 'number', name='uq_aktualisasi_version_number')
    )
    with op.batch_alter_table('aktualisasi_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_aktualisasi_versions_plan_id'), ['plan_id'], unique=False)

    op.create_table('aktualisasi_comments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('section', sa.String(length=40), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('role', sa.String(length=12), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("role IN ('coach', 'mentor', 'penguji')", name=op.f('ck_aktualisasi_comments_role')),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_aktualisasi_comments_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['plan_id'], ['aktualisasi_plans.id'], name=op.f('fk_aktualisasi_comments_plan_id_aktualisasi_plans'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['version_id'], ['aktualisasi_versions.id'], name=op.f('fk_aktualisasi_comments_version_id_aktualisasi_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_aktualisasi_comments'))
    )
    with op.batch_alter_table('aktualisasi_comments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_aktualisasi_comments_plan_id'), ['plan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_aktualisasi_comments_version_id'), ['version_id'], unique=False)


def downgrade():
    with op.batch_alter_table('aktualisasi_comments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_aktualisasi_comments_version_id'))
        batch_op.drop_index(batch_op.f('ix_aktualisasi_comments_plan_id'))
    op.drop_table('aktualisasi_comments')
    with op.batch_alter_table('aktualisasi_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_aktualisasi_versions_plan_id'))
    op.drop_table('aktualisasi_versions')
    with op.batch_alter_table('aktualisasi_activities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_aktualisasi_activities_plan_id'))
    op.drop_table('aktualisasi_activities')
    op.drop_table('aktualisasi_sections')
    with op.batch_alter_table('aktualisasi_plans', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_aktualisasi_plans_state'))
    op.drop_table('aktualisasi_plans')
