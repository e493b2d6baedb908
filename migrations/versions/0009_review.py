"""review options per item and moment

Revision ID: 0009_review
Revises: 0008_gating
Create Date: 2026-11-23 09:00:00

The single `quizzes.review` mode becomes one bitmask per item (score, right/wrong per question,
correct option, feedback) over the moments lms.quiz.review.MOMENTS: after_attempt = 1,
after_pass = 2, after_last = 4, after_close = 8. The numbers are written out here, not imported,
so this revision keeps meaning what it meant when the code moves on.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009_review'
down_revision = '0008_gating'
branch_labels = None
depends_on = None

ITEMS = ('review_score', 'review_correctness', 'review_correct_option', 'review_feedback')
ALWAYS = 1 | 2 | 4 | 8


def upgrade():
    with op.batch_alter_table('quizzes', schema=None) as batch_op:
        for column in ITEMS:
            batch_op.add_column(sa.Column(column, sa.Integer(), nullable=True))

    # What each old mode showed: the score always; the whole review at that one moment, or never.
    review_at = f"CASE review WHEN 'after_attempt' THEN {ALWAYS} WHEN 'after_pass' THEN 2 WHEN 'after_close' THEN 8 ELSE 0 END"
    op.execute(
        f"UPDATE quizzes SET review_score = {ALWAYS}, review_correctness = {review_at}, "
        f"review_correct_option = {review_at}, review_feedback = {review_at}"
    )

    with op.batch_alter_table('quizzes', schema=None) as batch_op:
        for column in ITEMS:
            batch_op.alter_column(column, existing_type=sa.Integer(), nullable=False)
        batch_op.drop_constraint(batch_op.f('ck_quizzes_review'), type_='check')
        batch_op.drop_column('review')


def downgrade():
    with op.batch_alter_table('quizzes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('review', sa.String(length=20), nullable=True))

    # The nearest old mode that shows the answer key no earlier than the new options did.
    op.execute(
        "UPDATE quizzes SET review = CASE "
        "WHEN review_correct_option & 1 <> 0 THEN 'after_attempt' "
        "WHEN review_correct_option & 2 <> 0 THEN 'after_pass' "
        "WHEN review_correct_option & 12 <> 0 THEN 'after_close' "
        "ELSE 'never' END"
    )

    with op.batch_alter_table('quizzes', schema=None) as batch_op:
        batch_op.alter_column('review', existing_type=sa.String(length=20), nullable=False)
        batch_op.create_check_constraint(
            batch_op.f('ck_quizzes_review'), "review IN ('never', 'after_attempt', 'after_pass', 'after_close')"
        )
        for column in reversed(ITEMS):
            batch_op.drop_column(column)
