import subprocess


def create_archive(directory, name):
    archive = name + ".tar.gz"
    result = subprocess.run(["tar", "-czf", archive, "--", directory], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"tar failed: {result.stderr.strip()}")
    return archive
