import os
import tempfile


def write_temp_report(csv_bytes):
    fd, path = tempfile.mkstemp(suffix=".csv", prefix="report-")
    with os.fdopen(fd, "wb") as f:
        f.write(csv_bytes)
    return path
