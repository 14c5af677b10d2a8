import os
import tempfile
import zipfile

from solution import extract_bundle


def test_extracts_nested_files():
    with tempfile.TemporaryDirectory() as d:
        zp = os.path.join(d, "plugin.zip")
        with zipfile.ZipFile(zp, "w") as z:
            z.writestr("plugin/", "")
            z.writestr("plugin/manifest.json", '{"name": "x"}')
            z.writestr("plugin/lib/util.py", "X = 1\n")
        dest = os.path.join(d, "out")
        os.mkdir(dest)
        assert list(extract_bundle(zp, dest)) == ["plugin/lib/util.py", "plugin/manifest.json"]
        with open(os.path.join(dest, "plugin", "lib", "util.py")) as f:
            assert f.read() == "X = 1\n"


def test_single_file():
    with tempfile.TemporaryDirectory() as d:
        zp = os.path.join(d, "p.zip")
        with zipfile.ZipFile(zp, "w") as z:
            z.writestr("readme.txt", "hello")
        dest = os.path.join(d, "out")
        os.mkdir(dest)
        assert list(extract_bundle(zp, dest)) == ["readme.txt"]
        assert os.path.isfile(os.path.join(dest, "readme.txt"))
