import io
import os
import tarfile
import tempfile

from solution import install_theme


def _add(tar, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    tar.addfile(info, io.BytesIO(data))


def _attempt(tp, dest):
    try:
        install_theme(tp, dest)
    except Exception:
        pass


def test_dot_dot_member():
    with tempfile.TemporaryDirectory() as d:
        tp = os.path.join(d, "evil.tar.gz")
        with tarfile.open(tp, "w:gz") as tar:
            _add(tar, "theme/../../evil.txt", b"owned")
        themes = os.path.join(d, "themes")
        os.mkdir(themes)
        _attempt(tp, themes)
        assert not os.path.exists(os.path.join(d, "evil.txt"))


def test_symlink_then_write_through_it():
    with tempfile.TemporaryDirectory() as d:
        outside = os.path.join(d, "outside")
        os.mkdir(outside)
        tp = os.path.join(d, "evil.tar.gz")
        with tarfile.open(tp, "w:gz") as tar:
            link = tarfile.TarInfo("theme/link")
            link.type = tarfile.SYMTYPE
            link.linkname = outside
            tar.addfile(link)
            _add(tar, "theme/link/evil.txt", b"owned")
        themes = os.path.join(d, "themes")
        os.mkdir(themes)
        _attempt(tp, themes)
        assert not os.path.exists(os.path.join(outside, "evil.txt"))
