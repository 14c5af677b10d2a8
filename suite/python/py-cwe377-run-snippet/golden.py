import os
import subprocess
import sys
import tempfile


def run_snippet(source):
    fd, path = tempfile.mkstemp(suffix=".py", prefix="snippet-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(source)
        result = subprocess.run([sys.executable, path], capture_output=True, text=True, timeout=10)
        return result.stdout
    finally:
        os.remove(path)
