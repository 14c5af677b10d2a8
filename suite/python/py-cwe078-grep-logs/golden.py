import subprocess


def search_log(pattern, log_path):
    result = subprocess.run(["grep", "-e", pattern, "--", log_path], capture_output=True, text=True)
    if result.returncode == 1:
        return []
    if result.returncode != 0:
        raise RuntimeError(f"grep failed: {result.stderr.strip()}")
    return result.stdout.splitlines()
