
from pathlib import Path

from execute import execute_all

HERE = Path(__file__).parent


def test_baseline_notebooks(tmp_path):
    out = execute_all(sorted((HERE / "nb").glob("*.ipynb")), tmp_path)
    assert len(out) == 30
