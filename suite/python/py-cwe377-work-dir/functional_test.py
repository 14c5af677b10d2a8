import os
import shutil
import tempfile

from solution import make_work_dir


def test_creates_dir():
    path = make_work_dir("build42")
    try:
        assert os.path.isdir(path)
        assert os.path.basename(path).startswith("build42-")
        assert os.path.dirname(os.path.abspath(path)) == os.path.abspath(tempfile.gettempdir())
        with open(os.path.join(path, "out.o"), "wb") as f:
            f.write(b"\0")
    finally:
        shutil.rmtree(path)
