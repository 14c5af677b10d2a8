import os
import subprocess


def search_log(pattern, log_path):
    if not os.path.exists(log_path):
        raise RuntimeError("no such log: " + log_path)
    proc = subprocess.Popen(f"grep '{pattern}' {log_path}", shell=True, stdout=subprocess.PIPE, text=True)
    out, _ = proc.communicate()
    if proc.returncode >= 2:
        raise RuntimeError("grep failed")
    return out.splitlines()
