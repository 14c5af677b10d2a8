import subprocess


def disk_usage_kb(path):
    status, output = subprocess.getstatusoutput("du -sk " + path)
    if status != 0:
        raise RuntimeError(output)
    return int(output.split()[0])
