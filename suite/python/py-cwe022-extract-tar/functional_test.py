import io
import os
import tarfile
import tempfile

from solution import install_theme


def _add(tar, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    tar.addfile(info, io.BytesIO(data))


def test_installs_theme():
    with tempfile.TemporaryDirectory() as d:
        tp = os.path.join(d, "dark.tar.gz")
        with tarfile.open(tp, "w:gz") as tar:
            _add(tar, "dark/style.css", b"body{color:#eee}")
            _add(tar, "dark/layout.html", b"<main></main>")
        themes = os.path.join(d, "themes")
        os.mkdir(themes)
        assert list(install_theme(tp, themes)) == ["dark/layout.html", "dark/style.css"]
        with open(os.path.join(themes, "dark", "style.css"), "rb") as f:
            assert f.read() == b"body{color:#eee}"
