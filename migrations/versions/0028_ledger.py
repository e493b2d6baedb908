"""the score ledger: an append-only hash chain of every score and result change (lms.core.ledger)

Revision ID: 0028_ledger
Revises: 0026_kelulusan
Create Date: 2026-12-06 01:53:04.702223

Scores that exist before this revision have no entries: `flask --app wsgi lms ledger-baseline` records them once
(README, "The score ledger"). Triggers refuse any UPDATE or DELETE of the table, as for audit_log.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0028_ledger'
down_revision = '0026_kelulusan'
branch_labels = None
depends_on = None

GUARD_MESSAGE = "score_ledger is append-only"


def upgrade():
    op.create_table('score_ledger',
    sa.Column('seq', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('object_type', sa.String(length=40), nullable=False),
    sa.Column('object_id', sa.String(length=64), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=True),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('values_json', sa.Text(), nullable=True),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_score_ledger'))
    )
    with op.batch_alter_table('score_ledger', schema=None) as batch_op:
        batch_op.create_index('ix_score_ledger_object', ['object_type', 'object_id', 'seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_score_ledger_participant_id'), ['participant_id'], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"""
            CREATE FUNCTION score_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION '{GUARD_MESSAGE}'; END $$;
        """)
        op.execute("CREATE TRIGGER score_ledger_no_update BEFORE UPDATE OR DELETE ON score_ledger "
                   "FOR EACH ROW EXECUTE FUNCTION score_ledger_append_only()")
    else:
        for verb in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER score_ledger_no_{verb.lower()} BEFORE {verb} ON score_ledger "
                       f"BEGIN SELECT RAISE(ABORT, '{GUARD_MESSAGE}'); END")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS score_ledger_no_update ON score_ledger")
        op.execute("DROP FUNCTION IF EXISTS score_ledger_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS score_ledger_no_update")
        op.execute("DROP TRIGGER IF EXISTS score_ledger_no_delete")
    with op.batch_alter_table('score_ledger', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_score_ledger_participant_id'))
        batch_op.drop_index('ix_score_ledger_object')

    op.drop_table('score_ledger')
