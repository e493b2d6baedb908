"""Imports every feature's models so SQLAlchemy's metadata (and Alembic) sees all tables."""

from lms.aktualisasi.models import Plan, PlanActivity, PlanComment, PlanSection, PlanVersion  # noqa: F401
from lms.attendance.models import (  # noqa: F401
    AttendanceCorrection,
    CalendarToken,
    Checkin,
    CheckinCode,
    CheckinRefusal,
    SessionImportBatch,
    TrainingSession,
)
from lms.auth.models import AuthSession, PasswordReset, User  # noqa: F401
from lms.certificates.models import Certificate, CertificateCounter, CertificateSettings  # noqa: F401
from lms.content.models import (  # noqa: F401
    Agenda,
    Lesson,
    LessonProgress,
    Module,
    ModuleAsset,
    ModuleAssignment,
    ModuleRevision,
    PhasePage,
)
from lms.core.audit import AuditEntry  # noqa: F401
from lms.core.ledger import LedgerEntry  # noqa: F401
from lms.core.outbox import OutboxMessage  # noqa: F401
from lms.core.security_events import SecurityEvent  # noqa: F401
from lms.discussion.models import Notification, Post, PostRevision, Report, Thread, ThreadRead  # noqa: F401
from lms.habituation.models import (  # noqa: F401
    LogComment,
    LogEntry,
    LogEntryVersion,
    LogEvidence,
    PlanChange,
)
from lms.kelulusan.models import AngkatanResult, Correction, ResultRow  # noqa: F401
from lms.people.models import (  # noqa: F401
    Angkatan,
    AngkatanCommittee,
    AngkatanInstructor,
    AssignmentBatch,
    CoordinatorLembaga,
    Enrolment,
    ImportBatch,
    Instansi,
    InstansiViewer,
    Lembaga,
    MentorProfile,
    SeminarExaminer,
    TutorGroup,
)
from lms.phases.models import Phase, PhaseCompletion  # noqa: F401
from lms.program.models import AngkatanProgram, ProgramVersion  # noqa: F401
from lms.quiz.models import (  # noqa: F401
    Attempt,
    AttemptQuestion,
    BankSource,
    EssayGrade,
    PhaseRequirement,
    PhaseResult,
    Question,
    QuestionOption,
    Quiz,
    QuizResult,
)
from lms.report.models import AktualisasiReport, ReportComment, ReportSection, ReportVersion  # noqa: F401
from lms.seminar.models import Seminar, SeminarPlace, SeminarScore  # noqa: F401
from lms.sikap.models import SikapScore  # noqa: F401
from lms.tasks.models import Grade, Submission, SubmissionVersion, Task  # noqa: F401
