"""the program file's versions, the version each angkatan follows, the committee of an angkatan, and the
committee and head-of-institution roles

Revision ID: 0023_program
Revises: 0022_plan_attachments
Create Date: 2026-12-06 01:39:38.484505

Existing rows are kept: no angkatan follows a version until the program file is imported (then they follow the
newest), and the users table is rebuilt on SQLite only to widen its role CHECK.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0023_program'
down_revision = '0022_plan_attachments'
branch_labels = None
depends_on = None

OLD_ROLES = "role IN ('participant', 'instructor', 'coordinator', 'admin', 'instansi_viewer', 'mentor')"
NEW_ROLES = (
    "role IN ('participant', 'instructor', 'coordinator', 'admin', 'instansi_viewer', 'mentor', 'committee', 'head')"
)


def _roles(check):
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_users_role'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_users_role'), check)


def upgrade():
    _roles(NEW_ROLES)
    op.create_table('program_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('imported_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['imported_by_id'], ['users.id'], name=op.f('fk_program_versions_imported_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_program_versions')),
    sa.UniqueConstraint('sha256', name=op.f('uq_program_versions_sha256'))
    )
    op.create_table('angkatan_committee',
    sa.Column('angkatan_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['angkatan_id'], ['angkatan.id'], name=op.f('fk_angkatan_committee_angkatan_id_angkatan'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_angkatan_committee_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('angkatan_id', 'user_id', name=op.f('pk_angkatan_committee'))
    )
    with op.batch_alter_table('angkatan_committee', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_angkatan_committee_user_id'), ['user_id'], unique=False)

    op.create_table('angkatan_programs',
    sa.Column('angkatan_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('adopted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('adopted_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['adopted_by_id'], ['users.id'], name=op.f('fk_angkatan_programs_adopted_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['angkatan_id'], ['angkatan.id'], name=op.f('fk_angkatan_programs_angkatan_id_angkatan'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['version_id'], ['program_versions.id'], name=op.f('fk_angkatan_programs_version_id_program_versions')),
    sa.PrimaryKeyConstraint('angkatan_id', name=op.f('pk_angkatan_programs'))
    )


def downgrade():
    op.drop_table('angkatan_programs')
    with op.batch_alter_table('angkatan_committee', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_angkatan_committee_user_id'))

    op.drop_table('angkatan_committee')
    op.drop_table('program_versions')
    # Accounts of the new roles have no older role to become: the downgrade refuses instead of guessing one.
    bind = op.get_bind()
    count = bind.execute(sa.text("SELECT COUNT(*) FROM users WHERE role IN ('committee', 'head')")).scalar()
    if count:
        raise RuntimeError(f"{count} akun panitia/kepala lembaga masih ada; hapus dulu sebelum downgrade")
    _roles(OLD_ROLES)
