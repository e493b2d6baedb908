"""typed and matched questions: question_options.match_text

Revision ID: 0016_questions
Revises: 0013_relations
Create Date: 2026-12-05 12:00:00.000000

Short answer, numerical and missing word questions fit the existing columns (an accepted answer,
a numeric spec such as "3.14:0.01", or a choice is an option's text); a matching subquestion needs the
answer it is matched to. Answers stay in attempt_questions.selected, still a JSON list (option ids for
choice questions as before; [typed text] or one option id per subquestion for the new kinds), so every
existing attempt reads as it did and no row is rewritten.
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0016_questions"
down_revision = "0013_relations"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("question_options", schema=None) as batch_op:
        batch_op.add_column(sa.Column("match_text", sa.Text(), nullable=True))


def downgrade():
    # Questions of the new kinds cannot be shown or graded by the older code: they are retired (kept
    # for their attempts' records) before the column goes.
    op.execute(
        "UPDATE questions SET active = false WHERE kind IN ('shortanswer', 'numerical', 'matching', 'missingword')"
    )
    with op.batch_alter_table("question_options", schema=None) as batch_op:
        batch_op.drop_column("match_text")
