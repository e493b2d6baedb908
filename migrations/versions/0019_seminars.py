"""seminars of Agenda IV: sessions, participants' places in them, and scorers' rubric scores

Revision ID: 0019_seminars
Revises: 0018_aktualisasi
Create Date: 2026-12-05 17:10:00.000000

Only new tables: no existing row changes. The integrator re-chains down_revision when merging (the branch was
cut with 0018_aktualisasi as the head; the habituation and report branches add their own revisions beside it).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0019_seminars'
down_revision = '0018_aktualisasi'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('seminars',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('angkatan_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('room', sa.String(length=200), nullable=False),
    sa.Column('link', sa.String(length=500), nullable=False),
    sa.Column('examiner_id', sa.Integer(), nullable=False),
    sa.Column('rubric', sa.JSON(), nullable=False),
    sa.Column('scorers', sa.JSON(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('rancangan', 'aktualisasi')", name=op.f('ck_seminars_kind')),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_seminars_times')),
    sa.ForeignKeyConstraint(['angkatan_id'], ['angkatan.id'], name=op.f('fk_seminars_angkatan_id_angkatan'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_seminars_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['examiner_id'], ['users.id'], name=op.f('fk_seminars_examiner_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_seminars'))
    )
    with op.batch_alter_table('seminars', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_seminars_angkatan_id'), ['angkatan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_seminars_examiner_id'), ['examiner_id'], unique=False)

    op.create_table('seminar_places',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seminar_id', sa.Integer(), nullable=False),
    sa.Column('enrolment_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['enrolment_id'], ['enrolments.id'], name=op.f('fk_seminar_places_enrolment_id_enrolments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['seminar_id'], ['seminars.id'], name=op.f('fk_seminar_places_seminar_id_seminars'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_seminar_places')),
    sa.UniqueConstraint('enrolment_id', 'kind', name='uq_seminar_place_kind')
    )
    with op.batch_alter_table('seminar_places', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_seminar_places_enrolment_id'), ['enrolment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_seminar_places_seminar_id'), ['seminar_id'], unique=False)

    op.create_table('seminar_scores',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('place_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=10), nullable=False),
    sa.Column('scorer_id', sa.Integer(), nullable=True),
    sa.Column('levels', sa.JSON(), nullable=False),
    sa.Column('score', sa.Numeric(precision=5, scale=2), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("role IN ('penguji', 'coach', 'mentor')", name=op.f('ck_seminar_scores_role')),
    sa.ForeignKeyConstraint(['place_id'], ['seminar_places.id'], name=op.f('fk_seminar_scores_place_id_seminar_places'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['scorer_id'], ['users.id'], name=op.f('fk_seminar_scores_scorer_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_seminar_scores')),
    sa.UniqueConstraint('place_id', 'role', name='uq_seminar_score_role')
    )
    with op.batch_alter_table('seminar_scores', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_seminar_scores_place_id'), ['place_id'], unique=False)


def downgrade():
    with op.batch_alter_table('seminar_scores', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_seminar_scores_place_id'))
    op.drop_table('seminar_scores')
    with op.batch_alter_table('seminar_places', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_seminar_places_seminar_id'))
        batch_op.drop_index(batch_op.f('ix_seminar_places_enrolment_id'))
    op.drop_table('seminar_places')
    with op.batch_alter_table('seminars', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_seminars_examiner_id'))
        batch_op.drop_index(batch_op.f('ix_seminars_angkatan_id'))
    op.drop_table('seminars')
