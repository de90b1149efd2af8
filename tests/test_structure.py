"""The shape of the code base: lessons in utils/, build tools in tools/, one look, one surface.

utils/ is what notebooks import; tools/ is what maintainers run. These tests keep the line
between them, keep every colour in utils/style.py, and run the docstrings of utils as doctests.
"""

import ast
import doctest
import importlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

import utils

ROOT = Path(__file__).resolve().parent.parent
UTILS = sorted((ROOT / "utils").glob("*.py"))
TOOLS = sorted((ROOT / "tools").glob("*.py"))
STYLED = [p for p in UTILS + TOOLS if p != ROOT / "utils" / "style.py"]  # style.py types them
BUILD_ONLY = {"nbformat", "nbconvert", "nbclient", "tools"}
COLOUR_KEYWORDS = {"color", "c", "facecolor", "edgecolor", "facecolors", "edgecolors", "colors"}
HEX = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b")
NOTEBOOK_NAME = re.compile(r"notebook\s+(\d\d_[a-z0-9_]+)")


def imported_modules(path):
    """Top-level package names that a file imports, anywhere in it."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def colour_literals(path):
    """(line, text) of every colour typed in a file: hex codes, and names given as colours."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found += [(node.lineno, m) for m in HEX.findall(node.value)]
        if isinstance(node, ast.keyword) and node.arg in COLOUR_KEYWORDS:
            value = node.value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                if value.value != "none":
                    found.append((value.lineno, value.value))
    return sorted(found)


@pytest.mark.parametrize("path", UTILS, ids=[p.name for p in UTILS])
def test_utils_never_imports_build_code(path):
    assert imported_modules(path) & BUILD_ONLY == set()


def test_the_import_check_sees_build_imports(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import os\n\ndef f():\n    from nbclient import NotebookClient\n")
    assert imported_modules(bad) & BUILD_ONLY == {"nbclient"}


@pytest.mark.parametrize("path", STYLED, ids=[f"{p.parent.name}/{p.name}" for p in STYLED])
def test_no_colour_is_typed_outside_the_style_module(path):
    assert colour_literals(path) == []


def test_the_colour_check_sees_hex_codes_and_named_colours(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text('ax.plot(x, color="black")\nFACE = "#d1495b"\nax.imshow(a, cmap="gray")\n')
    assert colour_literals(bad) == [(1, "black"), (2, "#d1495b")]


def test_no_code_parses_an_error_message():
    pattern = re.compile(r"str\(\s*\w+\s*\)\s*\.\s*(split|partition|startswith)|\.split\(\"\. ")
    files = UTILS + TOOLS + sorted((ROOT / "notebooks").glob("*.ipynb"))
    offenders = [p.name for p in files if pattern.search(p.read_text())]
    assert offenders == []


def test_every_exported_name_resolves_in_a_fresh_interpreter_without_tensorflow():
    code = (
        "import sys, utils\n"
        "missing = [n for n in utils.__all__ if getattr(utils, n, None) is None]\n"
        "print(len(utils.__all__), missing, 'tensorflow' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout.split(maxsplit=1)
    assert int(out[0]) > 100
    assert out[1].strip() == "[] False"


def test_each_public_name_is_declared_by_one_module_only():
    owners = {}
    for name in utils.MODULES:
        for public in importlib.import_module(f"utils.{name}").__all__:
            owners.setdefault(public, []).append(name)
    assert {n: m for n, m in owners.items() if len(m) > 1} == {}


@pytest.mark.parametrize("name", utils.MODULES)
def test_each_module_declares_all_and_it_is_what_the_package_exports(name):
    module = importlib.import_module(f"utils.{name}")
    assert module.__all__, f"utils/{name}.py declares no __all__"
    for public in module.__all__:
        assert getattr(utils, public) is getattr(module, public)
    assert getattr(utils, name) is module  # modules are reachable as utils.<module> too


@pytest.mark.parametrize("path", [*UTILS], ids=[p.name for p in UTILS])
def test_each_module_names_the_notebook_that_explains_it(path):
    doc = ast.get_docstring(ast.parse(path.read_text())) or ""
    names = NOTEBOOK_NAME.findall(doc)
    assert names, f"{path.name}: its docstring names no notebook (write 'notebook NN_title')"
    for notebook in names:
        assert (ROOT / "notebooks" / f"{notebook}.ipynb").exists(), f"{path.name}: {notebook}"


@pytest.mark.parametrize("name", utils.MODULES)
def test_docstrings_run(name):
    module = importlib.import_module(f"utils.{name}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed"


def test_import_utils_stays_fast_and_light():
    code = (
        "import sys, time; t = time.perf_counter(); import utils; "
        "print(time.perf_counter() - t, 'tensorflow' in sys.modules, 'matplotlib' in sys.modules)"
    )
    seconds, tf, mpl = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout.split()
    assert (tf, mpl) == ("False", "False") and float(seconds) < 0.3


def test_no_public_name_hides_a_module():
    """utils.<name> must mean one thing: a module or a public name, never both."""
    assert set(utils.__all__) & set(utils.MODULES) == set()
