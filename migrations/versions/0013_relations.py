"""coach, mentor and penguji as relations: enrolments.coach_id/mentor_id, seminar_examiners, mentor_profiles,
assignment_batches, and the mentor role

Revision ID: 0013_relations
Revises: 0012_lembaga
Create Date: 2026-12-05 08:00:00.000000

Existing rows are kept as they are: the new enrolment columns start empty (no participant has a coach or
mentor yet) and the users table is rebuilt on SQLite only to widen its role CHECK.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013_relations'
down_revision = '0012_lembaga'
branch_labels = None
depends_on = None

OLD_ROLES = "role IN ('participant', 'instructor', 'coordinator', 'admin', 'instansi_viewer')"
NEW_ROLES = "role IN ('participant', 'instructor', 'coordinator', 'admin', 'instansi_viewer', 'mentor')"


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_users_role'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_users_role'), NEW_ROLES)

    with op.batch_alter_table('enrolments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('coach_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('mentor_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_enrolments_coach_id'), ['coach_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_enrolments_mentor_id'), ['mentor_id'], unique=False)
        batch_op.create_foreign_key(
            batch_op.f('fk_enrolments_coach_id_users'), 'users', ['coach_id'], ['id'], ondelete='SET NULL'
        )
        batch_op.create_foreign_key(
            batch_op.f('fk_enrolments_mentor_id_users'), 'users', ['mentor_id'], ['id'], ondelete='SET NULL'
        )

    op.create_table('seminar_examiners',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enrolment_id', sa.Integer(), nullable=False),
    sa.Column('examiner_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('assigned_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('assigned_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("kind IN ('rancangan', 'aktualisasi')", name=op.f('ck_seminar_examiners_kind')),
    sa.ForeignKeyConstraint(['assigned_by_id'], ['users.id'], name=op.f('fk_seminar_examiners_assigned_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['enrolment_id'], ['enrolments.id'], name=op.f('fk_seminar_examiners_enrolment_id_enrolments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['examiner_id'], ['users.id'], name=op.f('fk_seminar_examiners_examiner_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_seminar_examiners')),
    sa.UniqueConstraint('enrolment_id', 'kind', name='uq_seminar_examiner_kind')
    )
    with op.batch_alter_table('seminar_examiners', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_seminar_examiners_enrolment_id'), ['enrolment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_seminar_examiners_examiner_id'), ['examiner_id'], unique=False)

    op.create_table('mentor_profiles',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('unit_kerja', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_mentor_profiles_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_mentor_profiles'))
    )

    op.create_table('assignment_batches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('applied_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_assignment_batches_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assignment_batches'))
    )


def downgrade():
    op.drop_table('assignment_batches')
    op.drop_table('mentor_profiles')
    with op.batch_alter_table('seminar_examiners', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_seminar_examiners_examiner_id'))
        batch_op.drop_index(batch_op.f('ix_seminar_examiners_enrolment_id'))
    op.drop_table('seminar_examiners')

    with op.batch_alter_table('enrolments', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_enrolments_mentor_id_users'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_enrolments_coach_id_users'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_enrolments_mentor_id'))
        batch_op.drop_index(batch_op.f('ix_enrolments_coach_id'))
        batch_op.drop_column('mentor_id')
        batch_op.drop_column('coach_id')

    # The old schema has no mentor role. Their accounts are kept (audit entries and sign-ins name them),
    # switched off, as instructors without any assignment: they see nothing and cannot sign in.
    op.execute("UPDATE users SET role = 'instructor', active = false WHERE role = 'mentor'")
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_users_role'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_users_role'), OLD_ROLES)
