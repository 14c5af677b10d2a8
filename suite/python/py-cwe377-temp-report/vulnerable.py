import tempfile


def write_temp_report(csv_bytes):
    path = tempfile.mktemp(suffix=".csv")
    with open(path, "wb") as f:
        f.write(csv_bytes)
    return path
