"""tasks (penugasan): tasks of an angkatan, submissions (one per participant or tutor group) with every
version kept, and one rubric grade per version

Revision ID: 0015_tasks
Revises: 0014_attendance
Create Date: 2026-12-05 12:14:42.095148

New tables only; nothing existing changes. The downgrade drops them with their rows (the files in storage
stay where they are: a later upgrade does not find them again).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015_tasks'
down_revision = '0014_attendance'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('tasks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('angkatan_id', sa.Integer(), nullable=False),
    sa.Column('phase_id', sa.Integer(), nullable=False),
    sa.Column('agenda', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('instructions_md', sa.Text(), nullable=False),
    sa.Column('opens_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('file_types', sa.String(length=100), nullable=False),
    sa.Column('max_bytes', sa.Integer(), nullable=False),
    sa.Column('text_allowed', sa.Boolean(), nullable=False),
    sa.Column('per_group', sa.Boolean(), nullable=False),
    sa.Column('late_allowed', sa.Boolean(), nullable=False),
    sa.Column('rubric', sa.JSON(), nullable=False),
    sa.Column('grader_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('agenda BETWEEN 1 AND 4', name=op.f('ck_tasks_agenda')),
    sa.CheckConstraint('due_at > opens_at', name=op.f('ck_tasks_order')),
    sa.CheckConstraint('max_bytes > 0', name=op.f('ck_tasks_max_bytes')),
    sa.ForeignKeyConstraint(['angkatan_id'], ['angkatan.id'], name=op.f('fk_tasks_angkatan_id_angkatan'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_tasks_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['grader_id'], ['users.id'], name=op.f('fk_tasks_grader_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['phase_id'], ['phases.id'], name=op.f('fk_tasks_phase_id_phases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tasks'))
    )
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tasks_angkatan_id'), ['angkatan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tasks_grader_id'), ['grader_id'], unique=False)

    op.create_table('task_submissions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('tutor_group_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('(user_id IS NULL) <> (tutor_group_id IS NULL)', name=op.f('ck_task_submissions_owner')),
    sa.ForeignKeyConstraint(['task_id'], ['tasks.id'], name=op.f('fk_task_submissions_task_id_tasks'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tutor_group_id'], ['tutor_groups.id'], name=op.f('fk_task_submissions_tutor_group_id_tutor_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_task_submissions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_task_submissions')),
    sa.UniqueConstraint('task_id', 'tutor_group_id', name='uq_task_submission_group'),
    sa.UniqueConstraint('task_id', 'user_id', name='uq_task_submission_user')
    )
    with op.batch_alter_table('task_submissions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_task_submissions_task_id'), ['task_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_task_submissions_tutor_group_id'), ['tutor_group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_task_submissions_user_id'), ['user_id'], unique=False)

    op.create_table('task_submission_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('submitted_by_id', sa.Integer(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('late', sa.Boolean(), nullable=False),
    sa.Column('text_answer', sa.Text(), nullable=True),
    sa.Column('file_key', sa.String(length=200), nullable=True),
    sa.Column('file_name', sa.String(length=200), nullable=True),
    sa.Column('file_type', sa.String(length=10), nullable=True),
    sa.Column('file_size', sa.Integer(), nullable=True),
    sa.Column('file_sha256', sa.String(length=64), nullable=True),
    sa.CheckConstraint('file_key IS NOT NULL OR text_answer IS NOT NULL', name=op.f('ck_task_submission_versions_content')),
    sa.CheckConstraint('number > 0', name=op.f('ck_task_submission_versions_number')),
    sa.ForeignKeyConstraint(['submission_id'], ['task_submissions.id'], name=op.f('fk_task_submission_versions_submission_id_task_submissions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['users.id'], name=op.f('fk_task_submission_versions_submitted_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_task_submission_versions')),
    sa.UniqueConstraint('submission_id', 'number', name='uq_task_version_number')
    )
    with op.batch_alter_table('task_submission_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_task_submission_versions_submission_id'), ['submission_id'], unique=False)

    op.create_table('task_grades',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('grader_id', sa.Integer(), nullable=True),
    sa.Column('levels', sa.JSON(), nullable=False),
    sa.Column('score', sa.Numeric(precision=5, scale=2), nullable=False),
    sa.Column('feedback', sa.Text(), nullable=False),
    sa.Column('graded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('regraded_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint('score >= 0 AND score <= 100', name=op.f('ck_task_grades_score')),
    sa.ForeignKeyConstraint(['grader_id'], ['users.id'], name=op.f('fk_task_grades_grader_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['version_id'], ['task_submission_versions.id'], name=op.f('fk_task_grades_version_id_task_submission_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_task_grades')),
    sa.UniqueConstraint('version_id', name='uq_task_grade_version')
    )


def downgrade():
    op.drop_table('task_grades')
    with op.batch_alter_table('task_submission_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_task_submission_versions_submission_id'))

    op.drop_table('task_submission_versions')
    with op.batch_alter_table('task_submissions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_task_submissions_user_id'))
        batch_op.drop_index(batch_op.f('ix_task_submissions_tutor_group_id'))
        batch_op.drop_index(batch_op.f('ix_task_submissions_task_id'))

    op.drop_table('task_submissions')
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tasks_grader_id'))
        batch_op.drop_index(batch_op.f('ix_tasks_angkatan_id'))

    op.drop_table('tasks')
