"""The domain and the store never load the UI: they must run headless in the CLI and tests.

And nothing below the app knows the app: screens get a `Session` and post
messages, so no module imports `timing_console.app` (not even for type hints).
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

from tests.support.paths import ROOT

DOMAIN = [
    "timing_console.model",
    "timing_console.rules.ranking",
    "timing_console.rules.awards",
    "timing_console.rules.heat.results",
    "timing_console.rules.entries",
    "timing_console.rules.draw",
    "timing_console.rules.heat.machine",
    "timing_console.rules.heat.stamp",
    "timing_console.rules.heat.clock",
    "timing_console.rules.report",
    "timing_console.store.db",
    "timing_console.stations.view",
    "timing_console.dayio.dayfile",
    "timing_console.dayio.export",
    "timing_console.cli",
    "timing_console.session",
    "timing_console.gcpolicy",
]


def test_domain_and_store_do_not_import_textual():
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in DOMAIN)
        + "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        + "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


PACKAGE = ROOT / "src" / "timing_console"
IMPORTS_APP = re.compile(
    r"^\s*(from\s+(timing_console\.|\.+)app\b"
    r"|from\s+(timing_console|\.+)\s+import\s+.*\bapp\b"
    r"|import\s+timing_console\.app\b)",
    re.MULTILINE,
)


def test_nothing_below_the_app_imports_it():
    below = [
        p
        for p in sorted(PACKAGE.rglob("*.py"))
        if p.relative_to(PACKAGE).as_posix() not in ("app.py", "cli.py")
    ]
    assert len(below) > 20
    offenders = [str(p.relative_to(PACKAGE)) for p in below if IMPORTS_APP.search(p.read_text())]
    assert offenders == []


def test_the_app_import_pattern_catches_each_spelling():
    for line in (
        "from timing_console.app import TimingConsoleApp",
        "    from timing_console.app import TimingConsoleApp",
        "import timing_console.app",
        "from timing_console import app",
        "from timing_console import heap, app",
        "from ..app import TimingConsoleApp",
        "from .. import app",
    ):
        assert IMPORTS_APP.search(line), line
    assert not IMPORTS_APP.search("from timing_console.apply import x")
    assert not IMPORTS_APP.search("from timing_console import heap")


def import_graph(src: Path, package: str) -> dict[str, set[str]]:
    """Module -> the package's modules it imports, wherever the import sits (under
    `TYPE_CHECKING` and inside functions too)."""
    paths = {
        ".".join(p.relative_to(src).with_suffix("").parts).removesuffix(".__init__"): p
        for p in (src / package).rglob("*.py")
    }
    graph: dict[str, set[str]] = {m: set() for m in paths}
    for module, path in paths.items():
        here = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                parts = here[: len(here) - node.level + 1] if node.level else []
                base = ".".join([*parts, *([node.module] if node.module else [])])
                names = [
                    f"{base}.{a.name}" if f"{base}.{a.name}" in paths else base for a in node.names
                ]
            else:
                continue
            graph[module] |= {n for n in names if n in paths and n != module}
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every group of modules that import each other round a circle (Tarjan's components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while (w := stack.pop()) != v:
                group.append(w)
            if group:
                found.append(sorted([v, *group]))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_no_modules_import_each_other_round_a_circle():
    graph = import_graph(PACKAGE.parent, "timing_console")
    assert len(graph) > 50 and graph["timing_console.app"]
    assert circles(graph) == []


def test_a_circle_through_type_checking_or_a_function_is_found(tmp_path):
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from pkg.sub import b\n")
    (pkg / "sub" / "b.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..c import C\n"
    )
    (pkg / "c.py").write_text("def f():\n    from pkg import a\n")
    (pkg / "d.py").write_text("import pkg.a\n")
    assert circles(import_graph(tmp_path, "pkg")) == [["pkg.a", "pkg.c", "pkg.sub.b"]]


LAYERS = [
    ("gcpolicy", "oscompat", "words"),
    ("model",),
    ("rules",),
    ("store",),
    ("stations", "dayio"),
    ("sound",),
    ("session",),
    ("ui", "web"),
    ("app",),
    ("cli_open",),
    ("cli_stations", "cli_paper"),
    ("cli_args",),
    ("cli",),
    ("__main__",),
]
"""The house from the ground up: a package imports only packages on lower floors (the
store knows this station's journal; the stations' union is a view above it)."""


def floor_of(module: str) -> tuple[int, str]:
    """A module's floor and its package (the first name below `timing_console`)."""
    package = module.split(".")[1] if "." in module else module
    for n, floor in enumerate(LAYERS):
        if package in floor:
            return n, package
    raise AssertionError(f"{module}: put its package on a floor of LAYERS")


def upward(graph: dict[str, set[str]]) -> list[str]:
    """Every import of a package on the same floor or a higher one."""
    found = []
    for module, imports in graph.items():
        if module == "timing_console":
            continue
        here, package = floor_of(module)
        for target in imports:
            there, other = floor_of(target)
            if other != package and there >= here:
                found.append(f"{module} -> {target}")
    return sorted(found)


def test_each_package_imports_only_the_floors_below_it():
    graph = import_graph(PACKAGE.parent, "timing_console")
    assert upward(graph) == []


def test_an_import_up_or_across_a_floor_is_found():
    graph = {
        "timing_console.store.repo": {"timing_console.stations.view"},
        "timing_console.ui.x": {"timing_console.web.y", "timing_console.model.z"},
        "timing_console.web.y": set(),
        "timing_console.model.z": set(),
        "timing_console.stations.view": {"timing_console.store.repo"},
    }
    assert upward(graph) == [
        "timing_console.store.repo -> timing_console.stations.view",
        "timing_console.ui.x -> timing_console.web.y",
    ]
