import os
import shutil
import tempfile

from solution import make_work_dir


def test_preexisting_attacker_directory_not_reused():
    with tempfile.TemporaryDirectory() as d:
        old_dir = tempfile.tempdir
        tempfile.tempdir = d
        attacker = os.path.join(d, "attacker-owned")
        os.mkdir(attacker)
        os.symlink(attacker, os.path.join(d, f"nightly-{os.getpid()}"))
        try:
            path = make_work_dir("nightly")
        except OSError:
            path = None
        finally:
            tempfile.tempdir = old_dir
        if path is not None:
            assert os.path.realpath(path) != attacker
            assert not os.path.islink(path)


def test_scratch_dir_is_private():
    old = os.umask(0o022)
    try:
        path = make_work_dir("private")
    finally:
        os.umask(old)
    try:
        assert os.stat(path).st_mode & 0o077 == 0
    finally:
        shutil.rmtree(path)
