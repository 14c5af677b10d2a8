import os
import subprocess
import sys
import tempfile


def run_snippet(source):
    path = tempfile.mktemp(suffix=".py")
    with open(path, "w") as f:
        f.write(source)
    try:
        out = subprocess.check_output([sys.executable, path], timeout=10)
        return out.decode()
    finally:
        os.unlink(path)
