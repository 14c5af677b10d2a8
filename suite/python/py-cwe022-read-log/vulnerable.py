import os


def tail_log(log_dir, name, lines=10):
    base = os.path.abspath(log_dir)
    path = os.path.abspath(os.path.join(base, name))
    if not path.startswith(base):
        raise PermissionError("access denied")
    if not os.path.isfile(path):
        raise FileNotFoundError(name)
    with open(path) as f:
        content = f.read().splitlines()
    return content[-lines:]
