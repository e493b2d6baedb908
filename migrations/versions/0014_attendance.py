"""PJJ sessions and attendance: training_sessions, checkin_codes, checkins, checkin_refusals,
attendance_corrections, calendar_tokens, session_import_batches

Revision ID: 0014_attendance
Revises: 0013_relations
Create Date: 2026-12-05 12:30:00.000000

New tables only; nothing existing changes. checkins reference their code and session without a cascade, so a
session that has check-ins cannot be deleted (its codes would have to go with it).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014_attendance'
down_revision = '0013_relations'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('calendar_tokens',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_calendar_tokens_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_calendar_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_calendar_tokens_token_hash'))
    )
    op.create_table('session_import_batches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('angkatan_id', sa.Integer(), nullable=False),
    sa.Column('phase_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('applied_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['angkatan_id'], ['angkatan.id'], name=op.f('fk_session_import_batches_angkatan_id_angkatan'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_session_import_batches_created_by_id_users')),
    sa.ForeignKeyConstraint(['phase_id'], ['phases.id'], name=op.f('fk_session_import_batches_phase_id_phases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_session_import_batches'))
    )
    op.create_table('training_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('angkatan_id', sa.Integer(), nullable=False),
    sa.Column('phase_id', sa.Integer(), nullable=False),
    sa.Column('agenda_number', sa.Integer(), nullable=True),
    sa.Column('topic', sa.String(length=200), nullable=False),
    sa.Column('widyaiswara_id', sa.Integer(), nullable=True),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('jp', sa.Integer(), nullable=False),
    sa.Column('mode', sa.String(length=10), nullable=False),
    sa.Column('meeting_url', sa.String(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("mode IN ('sinkron', 'asinkron')", name=op.f('ck_training_sessions_mode')),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_training_sessions_order')),
    sa.CheckConstraint('jp >= 0', name=op.f('ck_training_sessions_jp')),
    sa.ForeignKeyConstraint(['angkatan_id'], ['angkatan.id'], name=op.f('fk_training_sessions_angkatan_id_angkatan'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['phase_id'], ['phases.id'], name=op.f('fk_training_sessions_phase_id_phases')),
    sa.ForeignKeyConstraint(['widyaiswara_id'], ['users.id'], name=op.f('fk_training_sessions_widyaiswara_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_sessions'))
    )
    with op.batch_alter_table('training_sessions', schema=None) as batch_op:
        batch_op.create_index('ix_training_sessions_angkatan_starts', ['angkatan_id', 'starts_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_training_sessions_widyaiswara_id'), ['widyaiswara_id'], unique=False)

    op.create_table('attendance_corrections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('corrected_by_id', sa.Integer(), nullable=True),
    sa.Column('corrected_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('hadir', 'izin', 'sakit', 'dinas', 'alpa')", name=op.f('ck_attendance_corrections_status')),
    sa.ForeignKeyConstraint(['corrected_by_id'], ['users.id'], name=op.f('fk_attendance_corrections_corrected_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['session_id'], ['training_sessions.id'], name=op.f('fk_attendance_corrections_session_id_training_sessions')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_attendance_corrections_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendance_corrections')),
    sa.UniqueConstraint('session_id', 'user_id', name='uq_attendance_correction')
    )
    with op.batch_alter_table('attendance_corrections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attendance_corrections_session_id'), ['session_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attendance_corrections_user_id'), ['user_id'], unique=False)

    op.create_table('checkin_codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=8), nullable=False),
    sa.Column('opened_by_id', sa.Integer(), nullable=True),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['opened_by_id'], ['users.id'], name=op.f('fk_checkin_codes_opened_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['session_id'], ['training_sessions.id'], name=op.f('fk_checkin_codes_session_id_training_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checkin_codes')),
    sa.UniqueConstraint('session_id', 'code', name='uq_checkin_code_session')
    )
    with op.batch_alter_table('checkin_codes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_checkin_codes_code'), ['code'], unique=False)
        batch_op.create_index(batch_op.f('ix_checkin_codes_session_id'), ['session_id'], unique=False)

    op.create_table('checkin_refusals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reason', sa.String(length=20), nullable=False),
    sa.Column('ip', sa.String(length=45), nullable=False),
    sa.Column('device', sa.String(length=64), nullable=False),
    sa.CheckConstraint("reason IN ('di_luar_waktu', 'kedaluwarsa', 'sesi_lain', 'salah')", name=op.f('ck_checkin_refusals_reason')),
    sa.ForeignKeyConstraint(['session_id'], ['training_sessions.id'], name=op.f('fk_checkin_refusals_session_id_training_sessions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_checkin_refusals_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checkin_refusals'))
    )
    with op.batch_alter_table('checkin_refusals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_checkin_refusals_session_id'), ['session_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_checkin_refusals_user_id'), ['user_id'], unique=False)

    op.create_table('checkins',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ip', sa.String(length=45), nullable=False),
    sa.Column('device', sa.String(length=64), nullable=False),
    sa.Column('user_agent', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['code_id'], ['checkin_codes.id'], name=op.f('fk_checkins_code_id_checkin_codes')),
    sa.ForeignKeyConstraint(['session_id'], ['training_sessions.id'], name=op.f('fk_checkins_session_id_training_sessions')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_checkins_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checkins')),
    sa.UniqueConstraint('code_id', 'user_id', name='uq_checkin_code_user')
    )
    with op.batch_alter_table('checkins', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_checkins_session_id'), ['session_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_checkins_user_id'), ['user_id'], unique=False)



def downgrade():
    with op.batch_alter_table('checkins', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_checkins_user_id'))
        batch_op.drop_index(batch_op.f('ix_checkins_session_id'))

    op.drop_table('checkins')
    with op.batch_alter_table('checkin_refusals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_checkin_refusals_user_id'))
        batch_op.drop_index(batch_op.f('ix_checkin_refusals_session_id'))

    op.drop_table('checkin_refusals')
    with op.batch_alter_table('checkin_codes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_checkin_codes_session_id'))
        batch_op.drop_index(batch_op.f('ix_checkin_codes_code'))

    op.drop_table('checkin_codes')
    with op.batch_alter_table('attendance_corrections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attendance_corrections_user_id'))
        batch_op.drop_index(batch_op.f('ix_attendance_corrections_session_id'))

    op.drop_table('attendance_corrections')
    with op.batch_alter_table('training_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_sessions_widyaiswara_id'))
        batch_op.drop_index('ix_training_sessions_angkatan_starts')

    op.drop_table('training_sessions')
    op.drop_table('session_import_batches')
    op.drop_table('calendar_tokens')
