"""The package's shape: stages import only upstream, no module cycles, short modules and functions."""

from __future__ import annotations

import ast
import logging
from pathlib import Path

import grimp
import pytest
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "geomap"
MAX_FUNCTION_LINES = 80
MAX_MODULE_LINES = 500


def test_the_import_layers_contract_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """pyproject.toml's contract: each stage imports only the stages below it."""
    monkeypatch.chdir(ROOT)
    # import-linter configures logging with disable_existing_loggers: without this the
    # "geomap" logger stays disabled for every later test in the process.
    loggers = logging.root.manager.loggerDict.values()
    disabled = {lg: lg.disabled for lg in loggers if isinstance(lg, logging.Logger)}
    try:
        assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == 0
    finally:
        for lg, was in disabled.items():
            lg.disabled = was


def _cycles(graph: grimp.ImportGraph) -> list[tuple[str, str]]:
    found = []
    for module in sorted(graph.modules):
        for imported in graph.find_modules_directly_imported_by(module):
            back = graph.find_shortest_chain(importer=imported, imported=module)
            if back is not None and module < imported:
                found.append((module, imported))
    return found


def test_no_module_imports_a_module_that_imports_it_back() -> None:
    """Lazy and type-only imports count: grimp reads every import statement."""
    graph = grimp.build_graph("geomap", include_external_packages=False)
    # A package's __init__ may name its own modules for its public API.
    for pkg in [m for m in graph.modules if (PACKAGE / m.replace(".", "/")[7:]).is_dir()]:
        for child in graph.find_modules_directly_imported_by(pkg):
            if child.startswith(pkg + "."):
                graph.remove_import(importer=pkg, imported=child)
    assert _cycles(graph) == []


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_modules_and_functions_are_short_enough_to_read_at_once(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert len(source.splitlines()) <= MAX_MODULE_LINES
    long = [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert long == []


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_module_says_what_it_exports(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    targets = [t for n in tree.body if isinstance(n, ast.Assign) for t in n.targets]
    targets += [n.target for n in tree.body if isinstance(n, ast.AnnAssign)]
    names = {t.id for t in targets if isinstance(t, ast.Name)}
    if path.name == "__main__.py" or (path.name == "__init__.py" and len(tree.body) <= 1):
        return
    assert "__all__" in names
