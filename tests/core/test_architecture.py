"""The shape of the code, checked like behaviour: the layer contract, file sizes, imports at the top."""

import ast
from pathlib import Path

import pytest
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[2]
MAX_LINES = 400


def test_the_layer_contract_holds(monkeypatch):
    """.importlinter: core at the bottom, features import only downwards, no cycles (also run by `make lint`)."""
    monkeypatch.chdir(ROOT)
    assert lint_imports(config_filename=str(ROOT / ".importlinter"), no_cache=True) == 0


@pytest.mark.parametrize("folder", ["lms", "bench"])
def test_no_file_is_longer_than_one_sitting(folder):
    long = {
        str(path.relative_to(ROOT)): n
        for path in sorted((ROOT / folder).rglob("*.py"))
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}, f"split these by responsibility (at most {MAX_LINES} lines): {long}"


def test_an_import_inside_a_function_says_why():
    """Imports belong at the top; one inside a function is for a measured start-up cost, said in a comment."""
    unexplained = []
    for path in sorted((ROOT / "lms").rglob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for node in ast.walk(ast.parse("\n".join(lines))):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for inner in ast.walk(node):
                if isinstance(inner, ast.Import | ast.ImportFrom):
                    here, above = lines[inner.lineno - 1], inner.lineno - 2
                    while lines[above].strip().startswith(("import ", "from ")):  # one comment for a block
                        above -= 1
                    if "#" not in here and not lines[above].strip().startswith("#"):
                        unexplained.append(f"{path.relative_to(ROOT)}:{inner.lineno}")
    assert unexplained == []
