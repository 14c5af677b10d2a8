import os
import tempfile
import threading

from solution import spool_upload


def test_planted_symlink_not_followed():
    with tempfile.TemporaryDirectory() as d:
        old_dir = tempfile.tempdir
        tempfile.tempdir = d
        victim = os.path.join(d, "victim")
        for name in ("upload.spool", "upload.tmp", "upload", "spool.tmp"):
            os.symlink(victim, os.path.join(d, name))
        try:
            spool_upload([b"data"]).close()
        except OSError:
            pass
        finally:
            tempfile.tempdir = old_dir
        assert not os.path.exists(victim)


def test_concurrent_uploads_do_not_mix():
    barrier = threading.Barrier(2)
    files = {}

    def upload(key, payload):
        def chunks():
            barrier.wait(timeout=5)
            yield payload

        try:
            files[key] = spool_upload(chunks())
        except Exception as exc:
            files[key] = exc

    t1 = threading.Thread(target=upload, args=("a", b"A" * 1000))
    t2 = threading.Thread(target=upload, args=("b", b"B" * 10))
    t1.start()
    t2.start()
    t1.join()
    t2.join()
    try:
        assert not isinstance(files["a"], Exception) and not isinstance(files["b"], Exception), files
        assert files["a"].read() == b"A" * 1000
        assert files["b"].read() == b"B" * 10
    finally:
        for f in files.values():
            if not isinstance(f, Exception):
                f.close()
