import os
from collections import deque


def tail_log(log_dir, name, lines=10):
    root = os.path.realpath(log_dir)
    path = os.path.realpath(os.path.join(root, name))
    if os.path.commonpath([root, path]) != root or path == root:
        raise PermissionError(f"{name!r} is outside the log folder")
    if not os.path.isfile(path):
        raise FileNotFoundError(name)
    with open(path, encoding="utf-8", errors="replace") as f:
        return [line.rstrip("\n") for line in deque(f, maxlen=lines)]
