"""The shape issue 13 asked for, kept: small modules, short functions, a short top level."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "generator"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
MAX_TOP_LEVEL_MODULES = 8


def test_no_module_over_400_lines():
    long = {str(path.relative_to(PACKAGE)): lines for path in PACKAGE.rglob("*.py")
            if (lines := path.read_text("utf-8").count("\n")) > MAX_MODULE_LINES}
    assert not long, f"split these modules: {long}"


def test_no_function_over_60_lines():
    long = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name} {length}")
    assert not long, f"split these functions: {long}"


def test_the_top_level_reads_as_the_pipeline():
    modules = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(modules) <= MAX_TOP_LEVEL_MODULES, modules
    stages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert {"cli", "content", "media", "render", "plates", "sharecards", "outputs",
            "messages"} <= stages
