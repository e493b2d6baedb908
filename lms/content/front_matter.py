"""Reads one content file: its UTF-8 text, its YAML front matter and the typed keys in it. Every problem
goes to `report(line, reason)`, with the line of the file it is on; nothing is raised."""

from pathlib import Path

import yaml

from lms.core.text import control_character_problem, line_problems


def split_front_matter(text: str, report) -> tuple[dict | None, str, int]:
    """(front matter, body, line where the body starts); None when the front matter is unusable."""
    if not text.startswith("---\n"):
        report(1, "front matter YAML tidak ada (berkas harus diawali baris '---')")
        return None, text, 1
    end = text.find("\n---", 4)
    if end == -1 or text[end + 4 : end + 5] not in ("\n", ""):
        report(1, "front matter tidak ditutup dengan baris '---'")
        return None, text, 1
    raw = text[4:end]
    body_line = raw.count("\n") + 3
    try:
        meta = yaml.safe_load(raw) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        report((mark.line + 2) if mark else 1, f"YAML tidak valid: {getattr(error, 'problem', error)}")
        return None, "", body_line
    if not isinstance(meta, dict):
        report(2, "front matter harus berupa pasangan kunci: nilai")
        return None, "", body_line
    return meta, text[end + 5 :], body_line


def key_line(text: str, key: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith(f"{key}:"):
            return number
    return 1


def meta_text(meta, key, report, source, max_len=200, required=True) -> str | None:
    value = meta.get(key)
    if value is None:
        if required:
            report(1, f"kunci '{key}' wajib ada")
        return None
    if not isinstance(value, str) or not value.strip():
        report(key_line(source, key), f"'{key}' harus berupa teks yang tidak kosong")
        return None
    if len(value) > max_len:
        report(key_line(source, key), f"'{key}' lebih dari {max_len} karakter")
        return None
    # YAML escapes ("\0", "\t") make characters the file itself does not show.
    if problem := control_character_problem(value.strip()):
        report(key_line(source, key), f"'{key}': {problem}")
        return None
    return value.strip()


def meta_int(meta, key, report, source, low, high, required=True) -> int | None:
    value = meta.get(key)
    if value is None:
        if required:
            report(1, f"kunci '{key}' wajib ada")
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        report(key_line(source, key), f"'{key}' harus bilangan bulat {low} sampai {high}")
        return None
    return value


def read_text(path: Path, report) -> str | None:
    try:
        text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    except UnicodeDecodeError:
        report(1, "berkas bukan teks UTF-8")
        return None
    for line, reason in line_problems(text):
        report(line, reason)
    return text
