import subprocess


def compress_upload(path):
    result = subprocess.run(["gzip", "-k", "-f", "--", path], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"gzip failed: {result.stderr.strip()}")
    return path + ".gz"
