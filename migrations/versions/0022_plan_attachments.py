"""the plan's attachments: files kept in the storage, listed per plan

Revision ID: 0022_plan_attachments
Revises: 0021_report
Create Date: 2026-12-05 23:20:00.000000

Only a new table: no existing row changes (plans had no attachments before).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0022_plan_attachments'
down_revision = '0021_report'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('aktualisasi_attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('content_type', sa.String(length=120), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('caption', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('size >= 0', name=op.f('ck_aktualisasi_attachments_size')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_aktualisasi_attachments_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['plan_id'], ['aktualisasi_plans.id'], name=op.f('fk_aktualisasi_attachments_plan_id_aktualisasi_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_aktualisasi_attachments')),
    sa.UniqueConstraint('key', name=op.f('uq_aktualisasi_attachments_key'))
    )
    with op.batch_alter_table('aktualisasi_attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_aktualisasi_attachments_plan_id'), ['plan_id'], unique=False)


def downgrade():
    with op.batch_alter_table('aktualisasi_attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_aktualisasi_attachments_plan_id'))
    op.drop_table('aktualisasi_attachments')
