"""typed, matched and essay questions: question_options.match_text, questions.rubric, the pending attempt
state, essay_grades, quizzes.anonymous_grading

Revision ID: 0016_questions
Revises: 0015_tasks
Create Date: 2026-12-05 12:00:00.000000

Short answer, numerical and missing word questions fit the existing columns (an accepted answer,
a numeric spec such as "3.14:0.01", or a choice is an option's text); a matching subquestion needs the
answer it is matched to. Answers stay in attempt_questions.selected, still a JSON list (option ids for
choice questions as before; [typed text] or one option id per subquestion for the new kinds), so every
existing attempt reads as it did and no row is rewritten.

Essays: a question keeps its rubric (JSON); an attempt with an essay to grade waits as 'pending' (submitted_at
says since when); each essay answer has at most one grade (essay_grades, unique per answer); a quiz may be graded
without names (anonymous_grading).
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy import false

OLD_STATES = "status IN ('in_progress', 'graded')"
NEW_STATES = "status IN ('in_progress', 'graded', 'pending')"


# revision identifiers, used by Alembic.
revision = "0016_questions"
down_revision = "0015_tasks"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("question_options", schema=None) as batch_op:
        batch_op.add_column(sa.Column("match_text", sa.Text(), nullable=True))
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rubric", sa.JSON(), nullable=True))
    with op.batch_alter_table("quizzes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("anonymous_grading", sa.Boolean(), nullable=False, server_default=false()))
    with op.batch_alter_table("attempts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.drop_constraint(batch_op.f("ck_attempts_status"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_attempts_status"), NEW_STATES)
    op.create_table(
        "essay_grades",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("attempt_question_id", sa.Integer(), nullable=False),
        sa.Column("grader_id", sa.Integer(), nullable=True),
        sa.Column("levels", sa.JSON(), nullable=False),
        sa.Column("score", sa.Numeric(precision=5, scale=2), nullable=False),
        sa.Column("feedback", sa.Text(), nullable=False),
        sa.Column("graded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["attempt_question_id"],
            ["attempt_questions.id"],
            name=op.f("fk_essay_grades_attempt_question_id_attempt_questions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["grader_id"], ["users.id"], name=op.f("fk_essay_grades_grader_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_essay_grades")),
        sa.UniqueConstraint("attempt_question_id", name=op.f("uq_essay_grades_attempt_question_id")),
    )


def downgrade():
    # An attempt still waiting for its essay's grade has no score the older code could show: refuse rather than
    # invent one. Graded essays keep their credit in attempt_questions and their attempt's score.
    pending = op.get_bind().execute(sa.text("SELECT count(*) FROM attempts WHERE status = 'pending'")).scalar()
    if pending:
        raise RuntimeError(
            f"{pending} percobaan masih menunggu penilaian esai: nilai dulu esainya sebelum downgrade."
        )
    op.drop_table("essay_grades")
    with op.batch_alter_table("attempts", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_attempts_status"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_attempts_status"), OLD_STATES)
        batch_op.drop_column("submitted_at")
    with op.batch_alter_table("quizzes", schema=None) as batch_op:
        batch_op.drop_column("anonymous_grading")
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.drop_column("rubric")
    # Questions of the new kinds cannot be shown or graded by the older code: they are retired (kept
    # for their attempts' records) before the column goes.
    op.execute(
        "UPDATE questions SET active = false WHERE kind IN ('shortanswer', 'numerical', 'matching', 'missingword', 'essay')"
    )
    with op.batch_alter_table("question_options", schema=None) as batch_op:
        batch_op.drop_column("match_text")
