import subprocess


def count_lines(path):
    result = subprocess.run(f"wc -l {path}", shell=True, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError("wc failed: " + result.stderr)
    return int(result.stdout.strip().split()[0])
