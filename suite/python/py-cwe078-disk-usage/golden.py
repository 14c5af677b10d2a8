import subprocess


def disk_usage_kb(path):
    result = subprocess.run(["du", "-sk", "--", path], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"du failed: {result.stderr.strip()}")
    return int(result.stdout.split()[0])
