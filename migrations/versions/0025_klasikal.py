"""klasikal attendance: the late status (terlambat, with its minutes), face-to-face sessions (tatap_muka) and
their room

Revision ID: 0025_klasikal
Revises: 0024_sikap
Create Date: 2026-12-06 01:47:57.343413

Existing rows are kept. The tables are rebuilt on SQLite only to widen their CHECKs. The downgrade keeps every
session and status the older schema can say: a late arrival becomes hadir (present either way; the minutes go
with their column) and a face-to-face session becomes asinkron (the older schema's session without a meeting
link; its room goes with its column).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0025_klasikal'
down_revision = '0024_sikap'
branch_labels = None
depends_on = None

OLD_STATUS = "status IN ('hadir', 'izin', 'sakit', 'dinas', 'alpa')"
NEW_STATUS = "status IN ('hadir', 'terlambat', 'izin', 'sakit', 'dinas', 'alpa')"
LATE_MINUTES = "late_minutes IS NULL OR (status = 'terlambat' AND late_minutes BETWEEN 1 AND 600)"
OLD_MODE = "mode IN ('sinkron', 'asinkron')"
NEW_MODE = "mode IN ('sinkron', 'asinkron', 'tatap_muka')"


def upgrade():
    with op.batch_alter_table('attendance_corrections', schema=None) as batch_op:
        batch_op.add_column(sa.Column('late_minutes', sa.Integer(), nullable=True))
        batch_op.drop_constraint(batch_op.f('ck_attendance_corrections_status'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_attendance_corrections_status'), NEW_STATUS)
        batch_op.create_check_constraint(batch_op.f('ck_attendance_corrections_late_minutes'), LATE_MINUTES)

    with op.batch_alter_table('training_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('room', sa.String(length=120), nullable=True))
        batch_op.drop_constraint(batch_op.f('ck_training_sessions_mode'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_training_sessions_mode'), NEW_MODE)


def downgrade():
    op.execute("UPDATE training_sessions SET mode = 'asinkron' WHERE mode = 'tatap_muka'")
    with op.batch_alter_table('training_sessions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_training_sessions_mode'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_training_sessions_mode'), OLD_MODE)
        batch_op.drop_column('room')

    op.execute("UPDATE attendance_corrections SET status = 'hadir', late_minutes = NULL WHERE status = 'terlambat'")
    with op.batch_alter_table('attendance_corrections', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_attendance_corrections_late_minutes'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_attendance_corrections_status'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_attendance_corrections_status'), OLD_STATUS)
        batch_op.drop_column('late_minutes')
