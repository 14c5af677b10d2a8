import os
import tempfile

from solution import write_temp_report


def test_writes_unique_csv_files():
    a = write_temp_report(b"id,total\n1,9.99\n")
    b = write_temp_report(b"id,total\n2,5.00\n")
    try:
        assert a != b
        assert a.endswith(".csv") and b.endswith(".csv")
        assert os.path.dirname(os.path.abspath(a)) == os.path.abspath(tempfile.gettempdir())
        with open(a, "rb") as f:
            assert f.read() == b"id,total\n1,9.99\n"
    finally:
        os.remove(a)
        os.remove(b)
