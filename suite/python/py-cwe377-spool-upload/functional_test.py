from solution import spool_upload


def test_spools_chunks():
    f = spool_upload([b"hello ", b"world", b"!" * 10])
    try:
        assert f.read() == b"hello world" + b"!" * 10
    finally:
        f.close()


def test_empty():
    f = spool_upload([])
    try:
        assert f.read() == b""
    finally:
        f.close()
