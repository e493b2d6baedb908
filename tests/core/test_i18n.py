"""The English catalogue stays complete and keeps every placeholder of the Indonesian source strings."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
EN_PO = ROOT / "translations" / "en" / "LC_MESSAGES" / "messages.po"

# Python %-style named placeholders: %(name)s, %(n)d, %(x)05.2f ...
PLACEHOLDER = re.compile(r"%\((?:[^)]*)\)[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")


def _pybabel() -> list[str]:
    script = Path(sys.executable).with_name("pybabel")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "babel.messages.frontend"]


def _read(path: Path):
    with path.open("rb") as f:
        return read_po(f)


def _as_tuple(value) -> tuple[str, ...]:
    if isinstance(value, (list, tuple)):
        return tuple(value)
    return (value,)


def _label(message) -> str:
    ident = _as_tuple(message.id)[0]
    return f"{ident!r} (msgctxt {message.context!r})" if message.context else repr(ident)


@pytest.fixture(scope="module")
def english():
    return _read(EN_PO)


def test_every_extracted_string_has_english_translation(tmp_path, english):
    pot = tmp_path / "messages.pot"
    result = subprocess.run(
        [*_pybabel(), "extract", "-F", "babel.cfg", "-k", "_l", "-k", "lazy_gettext", "-o", str(pot), "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"pybabel extract failed:\n{result.stdout}\n{result.stderr}"

    extracted = [m for m in _read(pot) if m.id]
    assert extracted, "extraction found no messages; is babel.cfg still pointing at the sources?"

    missing = []
    for message in extracted:
        entry = english.get(message.id, message.context)
        if entry is None:
            missing.append(f"{_label(message)}: not in messages.po")
        elif not all(s.strip() for s in _as_tuple(entry.string)):
            missing.append(f"{_label(message)}: empty msgstr")
        elif entry.fuzzy:
            missing.append(f"{_label(message)}: marked fuzzy")

    assert not missing, (
        f"{len(missing)} source string(s) lack an English translation in {EN_PO.relative_to(ROOT)}.\n"
        "Run `pybabel extract -F babel.cfg -k _l -k lazy_gettext -o translations/messages.pot .` and "
        "`pybabel update -i translations/messages.pot -d translations`, then translate:\n  " + "\n  ".join(missing)
    )


def test_english_keeps_placeholders(english):
    broken = []
    for message in english:
        if not message.id:
            continue
        ids = _as_tuple(message.id)
        for i, string in enumerate(_as_tuple(message.string)):
            if not string:
                continue  # completeness is the other test's job
            # English plural forms map one to one: msgstr[0] to msgid, msgstr[1] to msgid_plural.
            expected = sorted(PLACEHOLDER.findall(ids[min(i, len(ids) - 1)]))
            found = sorted(PLACEHOLDER.findall(string))
            if found != expected:
                form = f"[{i}]" if len(ids) > 1 else ""
                broken.append(f"{_label(message)}{form}: expected {expected}, msgstr {string!r} has {found}")

    assert not broken, "English msgstr(s) drop or rename placeholders:\n  " + "\n  ".join(broken)


# "attempt(s)", "reply(ies)": a plural written around instead of through ngettext's plural forms.
PARENTHESISED_PLURAL = re.compile(r"[A-Za-z]\((?:s|es|ies)\)")


def test_english_counts_use_plural_forms_not_parenthesised_endings(english):
    found = []
    for message in english:
        for string in _as_tuple(message.string) if message.id else ():
            if PARENTHESISED_PLURAL.search(PLACEHOLDER.sub("", string or "")):
                found.append(f"{_label(message)}: {string!r}")
    assert not found, (
        "English strings write a plural as '(s)'; use ngettext (Python) or ngettext() (templates) with "
        "msgid_plural and msgstr[0]/msgstr[1]:\n  " + "\n  ".join(found)
    )


@pytest.mark.parametrize(("n", "english"), [(1, "1 attempt left"), (2, "2 attempts left"), (0, "0 attempts left")])
def test_english_plurals_follow_the_count(app, n, english):
    from flask_babel import force_locale, ngettext

    with app.test_request_context(), force_locale("en"):
        assert ngettext("sisa %(n)d percobaan", "sisa %(n)d percobaan", n, n=n) == english
    with app.test_request_context(), force_locale("id"):
        assert ngettext("sisa %(n)d percobaan", "sisa %(n)d percobaan", n, n=n) == f"sisa {n} percobaan"
