import os


def read_static(base_dir, name):
    root = os.path.realpath(base_dir)
    target = os.path.realpath(os.path.join(root, name))
    if os.path.commonpath([root, target]) != root:
        return None
    if not os.path.isfile(target):
        return None
    with open(target, "rb") as f:
        return f.read()
