"""The code passes the linter as configured in pyproject.toml ([tool.ruff])."""

import subprocess
import sys

from tests.chat_server import REPO


def test_ruff_finds_nothing():
    """ruff comes with the test extras (pip install -e '.[test]')."""
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", str(REPO)], capture_output=True,
                            text=True, cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr


def test_rag_imports_no_other_top_level_package():
    """rag/ is the core: it imports neither index/, ui/, eval/ nor gradio (the data flows one way)."""
    code = ("import pkgutil, importlib, sys, rag; "
            "[importlib.import_module(m.name) for m in pkgutil.walk_packages(rag.__path__, 'rag.')]; "
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('index', 'ui', 'eval', 'gradio')); "
            "assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)
