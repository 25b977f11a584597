"""No screen or command says a sentence of its own: what people read is in the catalogue.

An AST scan of the package (the catalogue itself aside): a string with Chinese
in it, or an English sentence, handed to something that shows or raises it
(`notify`, `print`, a widget, argparse's help, `raise`) is a sentence the
other language never gets. Docstrings, logging, CSS and dictionary keys are
not read by the officers and are not looked at.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "timing_console"

CJK = re.compile(r"[\u4e00-\u9fff]")
SENTENCE = re.compile(r"[A-Za-z]+[ ,:;]+[A-Za-z]+ [A-Za-z]+")
"""Three English words in a row: a sentence, not a key, a code or a format."""

SHOWN = {
    "notify",
    "print",
    "Static",
    "Label",
    "update",
    "say",
    "refuse",
    "add_argument",
    "add_parser",
    "ArgumentParser",
    "Refusal",
    "HeatError",
    "ResultError",
    "ReasonNeeded",
    "NoChange",
}
"""Calls whose text arguments someone reads."""

NOT_YET: dict[str, str] = {
    "store/snapshot.py": "why a snapshot is damaged, said inside the store's damage error: English",
}
"""Where sentences are not in the catalogue yet (the command line and the errors under it).

Each is a debt to pay by moving its sentences into `timing_console.words`.
"""

INTERNAL: set[tuple[str, str]] = {
    ("app.py", "give db_path or view"),
    ("app.py", "no day is loaded in "),
    ("dayio/dayfile.py", "the bundled sample day is missing (looked for sample/)"),
    ("dayio/export.py", "no sheets in ; languages: "),
    ("dayio/export.py", "no export as ; formats: "),
    ("stations/daymerge.py", "merge_days needs at least one station's day"),
    ("stations/merge.py", " holds no value in "),
    ("store/db.py", "Cannot save to :  is not a usable table."),
    ("store/db.py", "Cannot save to : a put needs a str key."),
    ("store/db.py", "Cannot save to :  record  is already written and is never written again."),
    ("store/db.py", "Cannot save to : one commit puts a record twice."),
    ("store/db.py", "a document must be a dict"),
    ("store/db.py", "Cannot save to : a document is not plain JSON data ()."),
    (
        "store/frozen.py",
        "documents from DayStore are read-only: copy.deepcopy() one (or build a new dict) "
        "and write it with DayStore.commit()",
    ),
    ("store/journal.py", "Cannot save to : the line before is not acknowledged."),
    ("store/repo.py", "a Repo needs a store opened with codec=RECORDS"),
    ("model/day.py", "unknown required event(s): "),
    ("rules/report.py", "no sheets in ; languages: "),
    ("web/board/qr.py", "not a board address: "),
}
"""Errors a caller in the code makes, not an officer: never shown on a working day."""


def _called(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _texts(node: ast.AST) -> list[str]:
    """The literal text in an argument: a string, or the literal parts of an f-string."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return ["".join(str(p.value) for p in node.values if isinstance(p, ast.Constant))]
    if isinstance(node, ast.BinOp):
        return _texts(node.left) + _texts(node.right)
    return []


def literal_sentences(source: str) -> list[tuple[int, str]]:
    """(line, text) of each sentence shown or raised as a literal in `source`."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        args: list[ast.AST] = []
        if isinstance(node, ast.Call) and _called(node) in SHOWN:
            args = [*node.args, *(k.value for k in node.keywords)]
        elif isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            args = [*node.exc.args, *(k.value for k in node.exc.keywords)]
        for arg in args:
            for text in _texts(arg):
                if CJK.search(text) or SENTENCE.search(text):
                    found.append((getattr(arg, "lineno", 0), text))
    return found


def test_the_scan_finds_a_literal_sentence() -> None:
    source = 'def f(app):\n    app.notify("已保存")\n    raise ValueError(f"no such heat {n}")\n'
    assert sorted(line for line, _ in literal_sentences(source)) == [2, 3]
    assert literal_sentences('def f(app, words):\n    app.notify(words("saved"))\n') == []


def test_no_screen_or_command_says_a_sentence_outside_the_catalogue() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = path.relative_to(PACKAGE).as_posix()
        if name.startswith(("words/", *NOT_YET)):
            continue
        found += [
            f"{name}:{line}: {text}"
            for line, text in literal_sentences(path.read_text())
            if (name, text) not in INTERNAL
        ]
    assert found == []
