"""STTPL certificates: each lembaga's numbering scheme and signatory, the yearly counters, the certificates

Only new tables: no existing row changes.

Revision ID: 0029_certificates
Revises: 0028_ledger
Create Date: 2026-12-06 01:49:49.517869

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0029_certificates'
down_revision = '0028_ledger'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('certificate_counters',
    sa.Column('lembaga_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('next_number', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['lembaga_id'], ['lembaga.id'], name=op.f('fk_certificate_counters_lembaga_id_lembaga'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('lembaga_id', 'year', name=op.f('pk_certificate_counters'))
    )
    op.create_table('certificate_settings',
    sa.Column('lembaga_id', sa.Integer(), nullable=False),
    sa.Column('number_format', sa.String(length=200), nullable=False),
    sa.Column('city', sa.String(length=100), nullable=False),
    sa.Column('signatory_title', sa.String(length=200), nullable=False),
    sa.Column('signatory_name', sa.String(length=200), nullable=False),
    sa.Column('signatory_nip', sa.String(length=18), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['lembaga_id'], ['lembaga.id'], name=op.f('fk_certificate_settings_lembaga_id_lembaga'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('lembaga_id', name=op.f('pk_certificate_settings'))
    )
    op.create_table('certificates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('angkatan_id', sa.Integer(), nullable=False),
    sa.Column('lembaga_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=200), nullable=False),
    sa.Column('holder_name', sa.String(length=200), nullable=False),
    sa.Column('holder_nip', sa.String(length=18), nullable=False),
    sa.Column('instansi_name', sa.String(length=200), nullable=False),
    sa.Column('angkatan_name', sa.String(length=120), nullable=False),
    sa.Column('lembaga_name', sa.String(length=200), nullable=False),
    sa.Column('jp', sa.Integer(), nullable=False),
    sa.Column('final_score', sa.Numeric(precision=5, scale=2), nullable=False),
    sa.Column('band', sa.String(length=60), nullable=False),
    sa.Column('city', sa.String(length=100), nullable=False),
    sa.Column('signatory_title', sa.String(length=200), nullable=False),
    sa.Column('signatory_name', sa.String(length=200), nullable=False),
    sa.Column('signatory_nip', sa.String(length=18), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('issued_by_id', sa.Integer(), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_by_id', sa.Integer(), nullable=True),
    sa.Column('revoke_reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['angkatan_id'], ['angkatan.id'], name=op.f('fk_certificates_angkatan_id_angkatan'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['issued_by_id'], ['users.id'], name=op.f('fk_certificates_issued_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['lembaga_id'], ['lembaga.id'], name=op.f('fk_certificates_lembaga_id_lembaga')),
    sa.ForeignKeyConstraint(['revoked_by_id'], ['users.id'], name=op.f('fk_certificates_revoked_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_certificates_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificates')),
    sa.UniqueConstraint('code', name=op.f('uq_certificates_code')),
    sa.UniqueConstraint('lembaga_id', 'year', 'sequence', name='uq_certificate_sequence'),
    sa.UniqueConstraint('user_id', 'angkatan_id', name='uq_certificate_participant')
    )
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certificates_angkatan_id'), ['angkatan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_certificates_user_id'), ['user_id'], unique=False)



def downgrade():
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certificates_user_id'))
        batch_op.drop_index(batch_op.f('ix_certificates_angkatan_id'))

    op.drop_table('certificates')
    op.drop_table('certificate_settings')
    op.drop_table('certificate_counters')
