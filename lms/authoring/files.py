"""A module revision as the files of the content/ format: module.md, NN-slug.md lessons, images.

A file that came in by import (or was written by an earlier save) is kept as it was, so export
gives the team back their own bytes; what changed in the browser is written in one plain layout.
"""

import yaml
from sqlalchemy import select

from lms.content.models import ModuleAsset
from lms.content.revisions import LessonContent, RevisionContent
from lms.content.source import files_hash
from lms.core.extensions import db


def _front_matter(meta: dict, body: str) -> str:
    # No line folding: a folded value reads back the same, but one value per line diffs best in git.
    dumped = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10**6, default_flow_style=False)
    return f"---\n{dumped}---\n\n{body.strip()}\n" if body.strip() else f"---\n{dumped}---\n"


def module_md(phase_code: str, agenda: int | None, order: int, content: RevisionContent) -> str:
    """module.md in the editor's layout (the keys in the order content/README.md lists them)."""
    meta: dict = {"title": content.title, "phase": phase_code}
    if agenda is not None:
        meta["agenda"] = agenda
    meta.update(order=order, jp=content.jp, objectives=list(content.objectives), summary=content.summary)
    if content.quiz_slug:
        meta["quiz"] = content.quiz_slug
    return _front_matter(meta, content.intro)


def lesson_md(lesson: LessonContent) -> str:
    return _front_matter({"title": lesson.title, "minutes": lesson.minutes}, lesson.body)


def lesson_filename(position: int, slug: str) -> str:
    return f"{position:02d}-{slug}.md"


def text_files(module_text: str, lessons: list[tuple[str, str]]) -> dict[str, bytes]:
    """module.md and the lesson files; lessons as (slug, file text) in reading order."""
    files = {"module.md": module_text.encode()}
    for position, (slug, text) in enumerate(lessons, start=1):
        files[lesson_filename(position, slug)] = text.encode()
    return files


def image_files(assets: dict[str, str], module_id: int) -> dict[str, bytes]:
    if not assets:
        return {}
    rows = db.session.execute(
        select(ModuleAsset.path, ModuleAsset.sha256, ModuleAsset.data).where(
            ModuleAsset.module_id == module_id, ModuleAsset.sha256.in_(set(assets.values()))
        )
    ).all()
    data = {(path, sha): blob for path, sha, blob in rows}
    by_sha = {sha: blob for _path, sha, blob in rows}
    # The same picture may have been stored under another name first: the bytes are what count.
    return {path: data.get((path, sha), by_sha.get(sha)) for path, sha in assets.items() if sha in by_sha}


def source_hash(files: dict[str, bytes]) -> str:
    return files_hash(files)
