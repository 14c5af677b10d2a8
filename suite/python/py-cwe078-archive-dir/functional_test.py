import os
import tarfile
import tempfile
import uuid

from solution import create_archive


def test_creates_tarball():
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, "proj")
        os.mkdir(src)
        with open(os.path.join(src, "main.py"), "w") as f:
            f.write("print(1)\n")
        name = "export-" + uuid.uuid4().hex[:8]
        path = create_archive(src, name)
        try:
            assert os.path.basename(path) == name + ".tar.gz"
            with tarfile.open(path) as tar:
                assert any(n.endswith("proj/main.py") for n in tar.getnames())
        finally:
            os.remove(path)


def test_missing_directory_raises():
    name = "export-" + uuid.uuid4().hex[:8]
    try:
        create_archive(os.path.join(tempfile.gettempdir(), "no-such-dir-91b2"), name)
    except RuntimeError:
        return
    finally:
        if os.path.exists(name + ".tar.gz"):
            os.remove(name + ".tar.gz")
    raise AssertionError("missing directory did not raise")
