import os
import tempfile

from solution import store_avatar

PHP = b"<?php system($_GET['c']); ?>"
EXECUTABLE = (".php", ".phtml", ".php5", ".html", ".htm", ".svg", ".js", ".py", ".cgi")


def _stored(filename, data):
    with tempfile.TemporaryDirectory() as d:
        try:
            store_avatar(d, filename, data)
        except ValueError:
            pass
        return [(n, open(os.path.join(d, n), "rb").read()) for n in os.listdir(d)]


def test_double_extension():
    for name, _ in _stored("avatar.png.php", b"\x89PNG\r\n\x1a\n" + PHP):
        assert not name.lower().endswith(EXECUTABLE), name


def test_script_disguised_as_image():
    for _, data in _stored("avatar.png", PHP):
        assert not data.startswith(b"<?php")
