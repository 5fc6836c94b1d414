"""Specification of the package's layout: the properties ARCHITECTURE.md promises, checked on the source.

Each test reads the modules of ``analysis/`` as syntax trees; none imports them.
"""

from __future__ import annotations

import ast
import csv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "analysis"
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)
#: No module of the package is longer than this (ARCHITECTURE.md).
MAX_LINES = 700
#: The stages: every subpackage and module but the book layer and the entry points.
ENTRY_POINTS = {"analysis", "analysis.cli", "analysis.__main__"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), str(path))


def imported_modules(path: Path) -> set[str]:
    """The absolute names of the modules ``path`` imports (relative imports resolved)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(tree(path)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")
            if node.level:
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.add(target)
            found |= {f"{target}.{alias.name}" for alias in node.names}
    return found


def docstring_nodes(module: ast.Module) -> set[int]:
    nodes = set()
    for node in ast.walk(module):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                nodes.add(id(first.value))
    return nodes


def test_no_module_of_the_package_is_over_700_lines():
    long = {module_name(p): n for p in MODULES if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long


def test_every_relative_import_names_a_module_of_the_package():
    """Imports inside functions too: a module moved to another folder must have each of its imports moved."""
    import importlib.util

    missing = []
    for path in MODULES:
        parts = module_name(path).split(".")
        package = parts if path.name == "__init__.py" else parts[:-1]
        for node in ast.walk(tree(path)):
            if isinstance(node, ast.ImportFrom) and node.level:
                target = ".".join(package[: len(package) - node.level + 1] + ([node.module] if node.module else []))
                if importlib.util.find_spec(target) is None:
                    missing.append((module_name(path), node.lineno, target))
    assert not missing


def test_no_stage_imports_the_book_layer():
    stages = [p for p in MODULES if not module_name(p).startswith("analysis.book") and module_name(p) not in ENTRY_POINTS]
    assert len(stages) > 20
    offending = {module_name(p): sorted(m for m in imported_modules(p) if m.startswith("analysis.book"))
                 for p in stages}
    assert not {k: v for k, v in offending.items() if v}
    # The public interface is the stages': importing analysis does not draw the book in.
    assert not any(m.startswith("analysis.book") for m in imported_modules(PACKAGE / "__init__.py"))


MUTATING_METHODS = {"append", "extend", "insert", "clear", "update", "pop", "popitem", "setdefault", "add",
                    "remove", "discard", "__setitem__"}


def test_no_module_keeps_a_mutable_cache_in_its_globals():
    """A module-level list, dict or set that code writes to is state callers come to rely on; values are
    passed down instead (functools caches of pure readers of shipped files are allowed)."""
    found = []
    for path in MODULES:
        module = tree(path)
        containers = set()
        for node in module.body:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
            value = getattr(node, "value", None)
            mutable = isinstance(value, (ast.List, ast.Dict, ast.Set, ast.ListComp, ast.DictComp, ast.SetComp)) or (
                isinstance(value, ast.Call) and getattr(value.func, "id", "") in {"list", "dict", "set", "defaultdict"})
            if mutable:
                containers |= {t.id for t in targets if isinstance(t, ast.Name)}
        for node in ast.walk(module):
            if isinstance(node, ast.Global):
                found += [(module_name(path), name) for name in node.names]
            written = []
            if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                written = [t.value for t in targets if isinstance(t, ast.Subscript)]
            elif isinstance(node, ast.Delete):
                written = [t.value for t in node.targets if isinstance(t, ast.Subscript)]
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in MUTATING_METHODS:
                written = [node.func.value]
            found += [(module_name(path), w.id) for w in written if isinstance(w, ast.Name) and w.id in containers]
    assert not found


def seed_names() -> set[str]:
    names = set()
    with (ROOT / "seeds" / "speakers.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            names |= {row["speaker"], row["alias"]}
    with (ROOT / "seeds" / "manifest.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            names |= {row["doc_id"], row["author"]}
    # Single words ("Khan") may be ordinary words elsewhere; names of two words or more, and doc ids, are not.
    return {n for n in names if " " in n.strip() or "_" in n}


def test_no_speaker_or_document_of_the_seeds_is_named_in_the_package_code():
    names = seed_names()
    assert {"Sadiq Khan", "Rory Stewart", "Mark Rowley", "khan_speech_2016"} <= names
    found = []
    for path in MODULES:
        module = tree(path)
        docs = docstring_nodes(module)
        for node in ast.walk(module):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
                found += [(module_name(path), node.lineno, n) for n in names if n in node.value]
    assert not found


def literal(node: ast.AST):
    try:
        return repr(ast.literal_eval(node))
    except ValueError:
        return None


def test_each_constant_is_defined_once():
    """The same named constant with the same value in two modules is one constant defined twice."""
    seen: dict[tuple[str, str], list[str]] = {}
    for path in MODULES:
        for node in tree(path).body:
            if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                value = literal(node.value)
                for target in targets:
                    if isinstance(target, ast.Name) and target.id.isupper() and value is not None:
                        seen.setdefault((target.id, value), []).append(module_name(path))
    assert not {key: where for key, where in seen.items() if len(where) > 1}


def test_data_files_are_found_one_way():
    """Every file of analysis/data is found by analysis.paths.data_file, not by each module's own path arithmetic."""
    # analysis.corpus.segments still reads its rules through importlib.resources (the same folder).
    allowed = {"analysis.paths", "analysis.corpus.segments"}
    found = [module_name(p) for p in MODULES if module_name(p) not in allowed
             and any(s in p.read_text(encoding="utf-8") for s in ('with_name("data")', 'resources.files("analysis")'))]
    assert not found


def test_data_loaders_share_one_naming_style():
    """A function that reads a file is ``read_<what>``; the shipped copy, read once, is ``<what>()``; no ``load_``."""
    loaders = [(module_name(p), node.name) for p in MODULES for node in tree(p).body
               if isinstance(node, ast.FunctionDef) and node.name.startswith("load_")]
    assert not loaders


@pytest.mark.parametrize("name", ["analysis.measures.frames", "analysis.measures.devices"])
def test_the_measure_families_split_into_packages_keep_their_names(name):
    module = __import__(name, fromlist=["x"])
    assert module.__all__ and all(hasattr(module, n) for n in module.__all__)


def test_the_bench_times_functions_that_exist():
    """tools/bench.py wraps these by name to time each stage: a moved function must be renamed there too."""
    import importlib
    import sys

    sys.path.insert(0, str(ROOT / "tools"))
    try:
        bench = importlib.import_module("bench")
    finally:
        sys.path.remove(str(ROOT / "tools"))
    targets = [target for stage in bench.STAGES.values() for target in stage]
    assert all(callable(getattr(importlib.import_module(module), name, None)) for module, name in targets)
    assert all(callable(getattr(importlib.import_module("analysis.pipeline"), n)) for n in ("_process", "_unit_measures"))
