import os
import tempfile
import zipfile

from solution import extract_bundle


def _attempt(zp, dest):
    try:
        extract_bundle(zp, dest)
    except Exception:
        pass


def test_zip_slip_dot_dot():
    with tempfile.TemporaryDirectory() as d:
        zp = os.path.join(d, "evil.zip")
        with zipfile.ZipFile(zp, "w") as z:
            z.writestr("ok.txt", "fine")
            z.writestr("../../evil.txt", "owned")
        dest = os.path.join(d, "a", "b")
        os.makedirs(dest)
        _attempt(zp, dest)
        assert not os.path.exists(os.path.join(d, "evil.txt"))


def test_zip_slip_nested():
    with tempfile.TemporaryDirectory() as d:
        zp = os.path.join(d, "evil.zip")
        with zipfile.ZipFile(zp, "w") as z:
            z.writestr("plugin/../../evil.txt", "owned")
        dest = os.path.join(d, "out")
        os.makedirs(dest)
        _attempt(zp, dest)
        assert not os.path.exists(os.path.join(d, "evil.txt"))
