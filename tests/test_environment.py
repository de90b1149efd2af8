"""requirements.txt is fully pinned, and environment.yml installs exactly it."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
REQUIRED = {
    "tensorflow-cpu",
    "tensorflow",
    "keras",
    "numpy",
    "matplotlib",
    "scikit-image",
    "jupyterlab",
    "notebook",
    "jupyterlab-rise",
    "nbconvert",
    "ipywidgets",
    "nbval",
    "pytest",
    "pytest-xdist",
    "hypothesis",
    "ruff",
}


def requirement_lines(text):
    return [
        line.split("#", 1)[0].strip() for line in text.splitlines() if line.split("#", 1)[0].strip()
    ]


def pins(text):
    """{name: version} for ``name==version`` lines; raises on any line that is not pinned."""
    found = {}
    for line in requirement_lines(text):
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)==([\w.]+)\s*(;.*)?", line)
        if not match:
            raise ValueError(f"requirements line {line!r} is not pinned as name==version")
        found[match[1].lower()] = match[2]
    return found


def env_problems(env_text, pyproject_text):
    """What makes environment.yml differ from requirements.txt and pyproject.toml."""
    env = yaml.safe_load(env_text)
    problems = []
    python = [d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python")]
    wanted = re.search(r'requires-python = ">=(\d+\.\d+)', pyproject_text)[1]
    if python != [f"python={wanted}"]:
        problems.append(f"environment.yml asks for {python}, pyproject for python {wanted}")
    others = [d for d in env["dependencies"] if isinstance(d, str) and d not in python + ["pip"]]
    if others:
        problems.append(f"conda packages {others} bypass requirements.txt")
    pip = [d for d in env["dependencies"] if isinstance(d, dict)]
    if pip != [{"pip": ["-r requirements.txt", "-e ."]}]:
        problems.append(f"pip section {pip} must be exactly: -r requirements.txt, -e .")
    return problems


def test_every_requirement_is_pinned_and_present():
    found = pins((ROOT / "requirements.txt").read_text())
    assert REQUIRED <= set(found), f"missing from requirements.txt: {REQUIRED - set(found)}"
    assert found["tensorflow-cpu"] == found["tensorflow"]


def test_ipywidgets_stays_on_7x_which_renders_in_rise():
    # 8.x renders widgets as text in jupyterlab-rise; see the comment in requirements.txt.
    assert pins((ROOT / "requirements.txt").read_text())["ipywidgets"].startswith("7.8.")


def test_environment_yml_installs_the_same_pins():
    env, pyproject = (ROOT / "environment.yml").read_text(), (ROOT / "pyproject.toml").read_text()
    assert env_problems(env, pyproject) == []


def test_sync_check_catches_drift():
    pyproject = (ROOT / "pyproject.toml").read_text()
    drifted = (
        "dependencies:\n  - python=3.12\n  - numpy=2.0\n  - pip\n  - pip: [-r requirements.txt]\n"
    )
    problems = env_problems(drifted, pyproject)
    assert len(problems) == 3, problems
    try:
        pins("numpy>=2\n")
    except ValueError as err:
        assert "numpy>=2" in str(err)
    else:
        raise AssertionError("an unpinned line was accepted")
