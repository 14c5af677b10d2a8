import glob
import os
import tempfile

from solution import create_archive


def _attempt(directory, name):
    try:
        create_archive(directory, name)
    except Exception:
        pass
    for leftover in glob.glob("*.tar.gz"):
        os.remove(leftover)


def test_name_with_shell_commands():
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, "proj")
        os.mkdir(src)
        marker = os.path.join(d, "pwned")
        _attempt(src, f"x.tar.gz /dev/null; touch {marker}; echo y")
        assert not os.path.exists(marker)


def test_name_with_backticks():
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, "proj")
        os.mkdir(src)
        marker = os.path.join(d, "pwned")
        _attempt(src, f"x`touch {marker}`")
        assert not os.path.exists(marker)
