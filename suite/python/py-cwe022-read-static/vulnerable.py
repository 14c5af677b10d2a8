import os


def read_static(base_dir, name):
    path = os.path.join(base_dir, name)
    if not os.path.isfile(path):
        return None
    with open(path, "rb") as f:
        return f.read()
