"""lembaga pelatihan own angkatan; participants' own instansi, golongan and NDH; instansi viewers

Revision ID: 0012_lembaga
Revises: 0011_outbox
Create Date: 2026-12-05 08:00:00

Until now an angkatan belonged to one instansi, whose employees were all its participants, and a
coordinator was scoped to instansi. The data is carried over:
- each instansi that has angkatan (or coordinators) gets a lembaga "Penyelenggara <instansi>", which
  runs that instansi's angkatan;
- each enrolment's instansi (the participant's employer) is its angkatan's old instansi;
- each coordinator of an instansi becomes a coordinator of that instansi's lembaga.
The names are written out here, not imported, so this revision keeps meaning what it meant.
"""
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012_lembaga'
down_revision = '0011_outbox'
branch_labels = None
depends_on = None

LEMBAGA_PREFIX = 'Penyelenggara '
KINDS = "kind IN ('bpsdm', 'bpsdmd', 'bkpsdm', 'lan', 'kementerian', 'lainnya')"
GOLONGAN = "golongan IN ('II/a', 'II/b', 'II/c', 'II/d', 'III/a', 'III/b', 'III/c', 'III/d')"
ROLES_BEFORE = "role IN ('participant', 'instructor', 'coordinator', 'admin')"
ROLES_AFTER = "role IN ('participant', 'instructor', 'coordinator', 'admin', 'instansi_viewer')"

lembaga_table = sa.table(
    'lembaga',
    sa.column('id', sa.Integer()),
    sa.column('name', sa.String()),
    sa.column('kind', sa.String()),
    sa.column('created_at', sa.DateTime(timezone=True)),
)

instansi_table = sa.table(
    'instansi',
    sa.column('id', sa.Integer()),
    sa.column('name', sa.String()),
    sa.column('created_at', sa.DateTime(timezone=True)),
)


def upgrade():
    op.create_table('lembaga',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint(KINDS, name=op.f('ck_lembaga_kind')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lembaga')),
    sa.UniqueConstraint('name', name=op.f('uq_lembaga_name'))
    )
    op.create_table('coordinator_lembaga',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('lembaga_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['lembaga_id'], ['lembaga.id'], name=op.f('fk_coordinator_lembaga_lembaga_id_lembaga'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_coordinator_lembaga_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'lembaga_id', name=op.f('pk_coordinator_lembaga'))
    )
    op.create_table('instansi_viewers',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('instansi_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['instansi_id'], ['instansi.id'], name=op.f('fk_instansi_viewers_instansi_id_instansi'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_instansi_viewers_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'instansi_id', name=op.f('pk_instansi_viewers'))
    )

    # One lembaga per instansi that ran angkatan or had coordinators.
    conn = op.get_bind()
    now = datetime.now(timezone.utc)
    lembaga_of = {}  # instansi id -> lembaga id
    for instansi_id, name in conn.execute(sa.text(
        "SELECT id, name FROM instansi WHERE id IN (SELECT instansi_id FROM angkatan) "
        "OR id IN (SELECT instansi_id FROM coordinator_instansi) ORDER BY id"
    )).all():
        lembaga_name = (LEMBAGA_PREFIX + name)[:200]
        conn.execute(lembaga_table.insert().values(name=lembaga_name, kind='lainnya', created_at=now))
        lembaga_of[instansi_id] = conn.scalar(sa.select(lembaga_table.c.id).where(lembaga_table.c.name == lembaga_name))

    with op.batch_alter_table('angkatan', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lembaga_id', sa.Integer(), nullable=True))
    with op.batch_alter_table('enrolments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('instansi_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('golongan', sa.String(length=5), nullable=True))
        batch_op.add_column(sa.Column('ndh', sa.Integer(), nullable=True))

    for instansi_id, lembaga_id in lembaga_of.items():
        conn.execute(
            sa.text("UPDATE angkatan SET lembaga_id = :lembaga WHERE instansi_id = :instansi"),
            {'lembaga': lembaga_id, 'instansi': instansi_id},
        )
        conn.execute(
            sa.text(
                "INSERT INTO coordinator_lembaga (user_id, lembaga_id) "
                "SELECT user_id, :lembaga FROM coordinator_instansi WHERE instansi_id = :instansi"
            ),
            {'lembaga': lembaga_id, 'instansi': instansi_id},
        )
    # The participants' employer was their angkatan's instansi.
    op.execute(
        "UPDATE enrolments SET instansi_id = (SELECT angkatan.instansi_id FROM angkatan "
        "WHERE angkatan.id = enrolments.angkatan_id)"
    )

    with op.batch_alter_table('angkatan', schema=None) as batch_op:
        batch_op.alter_column('lembaga_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_constraint('uq_angkatan_number', type_='unique')
        batch_op.drop_index(batch_op.f('ix_angkatan_instansi_id'))
        batch_op.drop_constraint(batch_op.f('fk_angkatan_instansi_id_instansi'), type_='foreignkey')
        batch_op.drop_column('instansi_id')
        batch_op.create_foreign_key(batch_op.f('fk_angkatan_lembaga_id_lembaga'), 'lembaga', ['lembaga_id'], ['id'])
        batch_op.create_index(batch_op.f('ix_angkatan_lembaga_id'), ['lembaga_id'], unique=False)
        batch_op.create_unique_constraint('uq_angkatan_number', ['lembaga_id', 'year', 'number'])

    with op.batch_alter_table('enrolments', schema=None) as batch_op:
        batch_op.alter_column('instansi_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(batch_op.f('fk_enrolments_instansi_id_instansi'), 'instansi', ['instansi_id'], ['id'])
        batch_op.create_index(batch_op.f('ix_enrolments_instansi_id'), ['instansi_id'], unique=False)
        batch_op.create_unique_constraint('uq_enrolment_ndh', ['angkatan_id', 'ndh'])
        batch_op.create_check_constraint(batch_op.f('ck_enrolments_ndh'), 'ndh > 0')
        batch_op.create_check_constraint(batch_op.f('ck_enrolments_golongan'), GOLONGAN)

    op.drop_table('coordinator_instansi')

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_users_role'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_users_role'), ROLES_AFTER)


def downgrade():
    conn = op.get_bind()
    if conn.scalar(sa.text("SELECT COUNT(*) FROM users WHERE role = 'instansi_viewer'")):
        raise RuntimeError(
            "Instansi viewer accounts exist, and the previous revision has no such role: change their role "
            "(or deactivate and remove them) before downgrading."
        )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_users_role'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_users_role'), ROLES_BEFORE)

    op.create_table('coordinator_instansi',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('instansi_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['instansi_id'], ['instansi.id'], name=op.f('fk_coordinator_instansi_instansi_id_instansi'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_coordinator_instansi_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'instansi_id', name=op.f('pk_coordinator_instansi'))
    )
    with op.batch_alter_table('angkatan', schema=None) as batch_op:
        batch_op.add_column(sa.Column('instansi_id', sa.Integer(), nullable=True))

    # An angkatan's instansi again: the employer of most of its participants; for an empty angkatan, the
    # instansi its lembaga was made for (or one named after the lembaga).
    angkatan_rows = conn.execute(sa.text("SELECT id, lembaga_id FROM angkatan ORDER BY id")).all()
    lembaga_names = dict(conn.execute(sa.text("SELECT id, name FROM lembaga")).all())
    instansi_ids = {name: i for i, name in conn.execute(sa.text("SELECT id, name FROM instansi")).all()}
    for angkatan_id, lembaga_id in angkatan_rows:
        instansi_id = conn.scalar(sa.text(
            "SELECT instansi_id FROM enrolments WHERE angkatan_id = :a GROUP BY instansi_id "
            "ORDER BY COUNT(*) DESC, instansi_id LIMIT 1"
        ), {'a': angkatan_id})
        if instansi_id is None:
            name = lembaga_names[lembaga_id]
            name = name[len(LEMBAGA_PREFIX):] if name.startswith(LEMBAGA_PREFIX) else name
            if name not in instansi_ids:
                conn.execute(instansi_table.insert().values(name=name, created_at=datetime.now(timezone.utc)))
                instansi_ids[name] = conn.scalar(sa.text("SELECT id FROM instansi WHERE name = :n"), {'n': name})
            instansi_id = instansi_ids[name]
        conn.execute(sa.text("UPDATE angkatan SET instansi_id = :i WHERE id = :a"), {'i': instansi_id, 'a': angkatan_id})
    op.execute(
        "INSERT INTO coordinator_instansi (user_id, instansi_id) SELECT DISTINCT cl.user_id, a.instansi_id "
        "FROM coordinator_lembaga cl JOIN angkatan a ON a.lembaga_id = cl.lembaga_id"
    )

    with op.batch_alter_table('enrolments', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_enrolments_golongan'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_enrolments_ndh'), type_='check')
        batch_op.drop_constraint('uq_enrolment_ndh', type_='unique')
        batch_op.drop_index(batch_op.f('ix_enrolments_instansi_id'))
        batch_op.drop_constraint(batch_op.f('fk_enrolments_instansi_id_instansi'), type_='foreignkey')
        batch_op.drop_column('ndh')
        batch_op.drop_column('golongan')
        batch_op.drop_column('instansi_id')

    with op.batch_alter_table('angkatan', schema=None) as batch_op:
        batch_op.alter_column('instansi_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_constraint('uq_angkatan_number', type_='unique')
        batch_op.drop_index(batch_op.f('ix_angkatan_lembaga_id'))
        batch_op.drop_constraint(batch_op.f('fk_angkatan_lembaga_id_lembaga'), type_='foreignkey')
        batch_op.drop_column('lembaga_id')
        batch_op.create_foreign_key(batch_op.f('fk_angkatan_instansi_id_instansi'), 'instansi', ['instansi_id'], ['id'])
        batch_op.create_index(batch_op.f('ix_angkatan_instansi_id'), ['instansi_id'], unique=False)
        batch_op.create_unique_constraint('uq_angkatan_number', ['instansi_id', 'year', 'number'])

    op.drop_table('instansi_viewers')
    op.drop_table('coordinator_lembaga')
    op.drop_table('lembaga')
