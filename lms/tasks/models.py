"""Tasks (penugasan) of an angkatan, the submissions to them (every version kept) and their rubric grades."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.core.database import UTCDateTime, utcnow
from lms.core.extensions import db

# The file types a task may accept, by the name the form shows; "none" = no file, text only.
FILE_TYPES = ("pdf", "docx", "xlsx", "pptx", "jpg", "png", "txt")
MAX_TASK_BYTES = 20 * 1024 * 1024  # the largest per-task limit a widyaiswara may set (MAX_CONTENT_LENGTH rules too)


class Task(db.Model):
    __tablename__ = "tasks"
    __table_args__ = (
        CheckConstraint("due_at > opens_at", name="order"),
        CheckConstraint("max_bytes > 0", name="max_bytes"),
        CheckConstraint("agenda BETWEEN 1 AND 4", name="agenda"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    angkatan_id: Mapped[int] = mapped_column(ForeignKey("angkatan.id", ondelete="CASCADE"), index=True)
    # The phase the task belongs to (PJJ usually): what the phase's gate and dashboards count.
    phase_id: Mapped[int] = mapped_column(ForeignKey("phases.id"))
    agenda: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    instructions_md: Mapped[str] = mapped_column(Text, default="")
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Comma-separated names from FILE_TYPES; empty: no file, text only.
    file_types: Mapped[str] = mapped_column(String(100), default="")
    max_bytes: Mapped[int] = mapped_column(Integer, default=5 * 1024 * 1024)
    text_allowed: Mapped[bool] = mapped_column(default=True)
    per_group: Mapped[bool] = mapped_column(default=False)
    late_allowed: Mapped[bool] = mapped_column(default=False)
    rubric: Mapped[dict] = mapped_column(JSON)  # lms.core.rubric.Rubric.as_dict()
    # The widyaiswara who grades it (one of the angkatan's instructors): the only one whose grade is taken.
    grader_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    angkatan = relationship("Angkatan")
    grader = relationship("User", foreign_keys=[grader_id])
    created_by = relationship("User", foreign_keys=[created_by_id])

    @property
    def accepted(self) -> tuple[str, ...]:
        return tuple(t for t in self.file_types.split(",") if t)


class Submission(db.Model):
    """One participant's (or one tutor group's) place for a task: exactly one per owner, its versions below."""

    __tablename__ = "task_submissions"
    __table_args__ = (
        CheckConstraint("(user_id IS NULL) <> (tutor_group_id IS NULL)", name="owner"),
        UniqueConstraint("task_id", "user_id", name="uq_task_submission_user"),
        UniqueConstraint("task_id", "tutor_group_id", name="uq_task_submission_group"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    tutor_group_id: Mapped[int | None] = mapped_column(ForeignKey("tutor_groups.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    task: Mapped[Task] = relationship()
    user = relationship("User")
    tutor_group = relationship("TutorGroup")
    versions: Mapped[list["SubmissionVersion"]] = relationship(
        back_populates="submission", order_by="SubmissionVersion.number", cascade="all, delete-orphan"
    )


class SubmissionVersion(db.Model):
    """One sending of a submission; the newest counts, the older ones stay for the record."""

    __tablename__ = "task_submission_versions"
    __table_args__ = (
        UniqueConstraint("submission_id", "number", name="uq_task_version_number"),
        CheckConstraint("number > 0", name="number"),
        CheckConstraint("file_key IS NOT NULL OR text_answer IS NOT NULL", name="content"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("task_submissions.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    late: Mapped[bool] = mapped_column(default=False)
    text_answer: Mapped[str | None] = mapped_column(Text)
    file_key: Mapped[str | None] = mapped_column(String(200))
    file_name: Mapped[str | None] = mapped_column(String(200))  # a safe display name, never a path
    file_type: Mapped[str | None] = mapped_column(String(10))  # the FILE_TYPES name the bytes proved
    file_size: Mapped[int | None]
    file_sha256: Mapped[str | None] = mapped_column(String(64))

    submission: Mapped[Submission] = relationship(back_populates="versions")
    submitted_by = relationship("User")
    grade: Mapped["Grade | None"] = relationship(back_populates="version", uselist=False)


class Grade(db.Model):
    """The rubric grade of one submission version: one row per version (a database constraint), changed
    only by an audited regrade."""

    __tablename__ = "task_grades"
    __table_args__ = (
        UniqueConstraint("version_id", name="uq_task_grade_version"),
        CheckConstraint("score >= 0 AND score <= 100", name="score"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("task_submission_versions.id", ondelete="CASCADE"))
    grader_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Chosen points per criterion index, as text ({"0": "4", "1": "3"}): what rubric_score was given.
    levels: Mapped[dict] = mapped_column(JSON)
    score: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    feedback: Mapped[str] = mapped_column(Text, default="")
    graded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    regraded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    version: Mapped[SubmissionVersion] = relationship(back_populates="grade")
    grader = relationship("User")
