"""the laporan aktualisasi: reports and their workflow state, sections with revisions (the participant's text
apart from what is assembled from the plan and the log), versions and comments

Revision ID: 0021_report
Revises: 0020_habituation
Create Date: 2026-12-05 17:30:00.000000

Only new tables: no existing row changes. The gate's new `completion:` key (`report`) needs no schema change:
phases.completion_rules is the JSON column 0017_gate added. The integrator re-chains down_revision when merging
(the branch was cut with 0018_aktualisasi as the head; the habituation log and the seminars take 0019/0020).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0021_report'
down_revision = '0020_habituation'
branch_labels = None
depends_on = None

STATES = (
    "state IN ('draft', 'submitted', 'returned_by_coach', 'checked_by_coach', 'returned_by_mentor', "
    "'approved_by_mentor')"
)


def upgrade():
    op.create_table('report_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('plan_version_id', sa.Integer(), nullable=True),
    sa.Column('state', sa.String(length=24), nullable=False),
    sa.Column('state_changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('assembled_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint(STATES, name=op.f('ck_report_reports_state')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_report_reports_user_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['plan_version_id'], ['aktualisasi_versions.id'], name=op.f('fk_report_reports_plan_version_id_aktualisasi_versions'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_reports')),
    sa.UniqueConstraint('user_id', name=op.f('uq_report_reports_user_id'))
    )
    with op.batch_alter_table('report_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_reports_state'), ['state'], unique=False)
        batch_op.create_index(batch_op.f('ix_report_reports_plan_version_id'), ['plan_version_id'], unique=False)

    op.create_table('report_sections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('generated', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('revision >= 1', name=op.f('ck_report_sections_revision')),
    sa.ForeignKeyConstraint(['report_id'], ['report_reports.id'], name=op.f('fk_report_sections_report_id_report_reports'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_sections')),
    sa.UniqueConstraint('report_id', 'key', name='uq_report_section_key')
    )
    with op.batch_alter_table('report_sections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_sections_report_id'), ['report_id'], unique=False)

    op.create_table('report_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=24), nullable=False),
    sa.Column('state', sa.String(length=24), nullable=False),
    sa.Column('snapshot', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_report_versions_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['report_id'], ['report_reports.id'], name=op.f('fk_report_versions_report_id_report_reports'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_versions')),
    sa.UniqueConstraint('report_id', 'number', name='uq_report_version_number')
    )
    with op.batch_alter_table('report_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_versions_report_id'), ['report_id'], unique=False)

    op.create_table('report_comments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('section', sa.String(length=40), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('role', sa.String(length=12), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("role IN ('coach', 'mentor')", name=op.f('ck_report_comments_role')),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_report_comments_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['report_id'], ['report_reports.id'], name=op.f('fk_report_comments_report_id_report_reports'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['version_id'], ['report_versions.id'], name=op.f('fk_report_comments_version_id_report_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_comments'))
    )
    with op.batch_alter_table('report_comments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_comments_report_id'), ['report_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_report_comments_version_id'), ['version_id'], unique=False)


def downgrade():
    with op.batch_alter_table('report_comments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_comments_version_id'))
        batch_op.drop_index(batch_op.f('ix_report_comments_report_id'))
    op.drop_table('report_comments')
    with op.batch_alter_table('report_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_versions_report_id'))
    op.drop_table('report_versions')
    with op.batch_alter_table('report_sections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_sections_report_id'))
    op.drop_table('report_sections')
    with op.batch_alter_table('report_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_reports_plan_version_id'))
        batch_op.drop_index(batch_op.f('ix_report_reports_state'))
    op.drop_table('report_reports')
