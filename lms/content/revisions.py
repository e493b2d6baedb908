"""The one way a module revision is made, by the file import and by the editor alike; and publishing one.

A revision is written from plain values (RevisionContent): its fields, its lessons, the text of each of
its files and the images it names. The import publishes it at once; the editor keeps it as a draft until
someone publishes it. Either way, a new revision is numbered after the module's latest, drafts included.
"""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select

from lms.content.models import Lesson, Module, ModuleRevision
from lms.content.progress import refresh_module_readers
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.core.render import render_markdown


@dataclass
class LessonContent:
    slug: str
    title: str
    minutes: int
    body: str
    source: str | None = None  # the lesson file, while title, minutes and body are unchanged
    position: int | None = None  # the NN of an imported NN-slug.md; None: numbered by its place in the module


@dataclass
class RevisionContent:
    """Everything a revision says, as plain values the editor changes and the writer stores."""

    title: str
    jp: int
    objectives: list[str]
    summary: str
    quiz_slug: str | None
    intro: str
    lessons: list[LessonContent] = field(default_factory=list)
    assets: dict[str, str] = field(default_factory=dict)  # path in the module folder -> sha256
    source: str | None = None  # module.md, while the module's own fields are unchanged

    def lesson(self, slug: str) -> LessonContent | None:
        return next((lesson for lesson in self.lessons if lesson.slug == slug), None)


def asset_urls(assets: dict[str, str]) -> dict[str, str]:
    """path -> the URL the renderer puts in <img src> (lms.content.routes.asset serves it)."""
    return {path: f"/konten/aset/{sha}/{path.rsplit('/', 1)[-1]}" for path, sha in assets.items()}


def latest_number(module_id: int) -> int:
    """The number of the module's newest revision, draft or published; 0 before the first."""
    number = db.session.scalar(select(func.max(ModuleRevision.number)).where(ModuleRevision.module_id == module_id))
    return number or 0


def new_revision(
    module: Module,
    content: RevisionContent,
    *,
    source_hash: str,
    author_id: int | None,
    note: str,
    publish: bool = False,
) -> ModuleRevision:
    """Write `content` as the module's next revision, markdown rendered once here, and flush it.

    The module's and lessons' file texts (`content.source`, `lesson.source`) and `source_hash` are the
    caller's: the import read them, the editor writes them. publish=True makes it the revision
    participants read at once (an import); otherwise it is a draft until `publish_revision`."""
    urls = asset_urls(content.assets)
    now = utcnow()
    revision = ModuleRevision(
        module_id=module.id,
        number=latest_number(module.id) + 1,
        created_at=now,
        published_at=None,
        source_md=content.source,
        assets=dict(content.assets),
        source_hash=source_hash,
        author_id=author_id,
        note=note[:200],
        title=content.title,
        jp=content.jp,
        objectives=list(content.objectives),
        summary=content.summary,
        quiz_slug=content.quiz_slug,
        intro_md=content.intro,
        intro_html=render_markdown(content.intro, urls).html,
    )
    for place, lesson in enumerate(content.lessons, start=1):
        rendered = render_markdown(lesson.body, urls)
        revision.lessons.append(
            Lesson(
                position=place if lesson.position is None else lesson.position,
                slug=lesson.slug,
                title=lesson.title,
                minutes=lesson.minutes,
                body_md=lesson.body,
                body_html=rendered.html,
                toc_html=rendered.toc_html,
                source_md=lesson.source,
            )
        )
    db.session.add(revision)
    db.session.flush()
    if publish:
        publish_revision(module, revision, now)
    return revision


def publish_revision(module: Module, revision: ModuleRevision, at: datetime | None = None) -> None:
    """Make `revision` the one participants read. The JP done of the module's readers follows its lessons;
    their finished lessons stay (progress is kept per lesson slug)."""
    had_readers = module.current_revision_id is not None
    revision.published_at = at or utcnow()
    module.current_revision_id = revision.id
    if had_readers:
        refresh_module_readers(module.id)  # its JP or lessons may have changed
