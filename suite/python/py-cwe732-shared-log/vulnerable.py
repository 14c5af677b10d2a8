import os


def open_audit_log(path):
    f = open(path, "a")
    os.chmod(path, 0o666)
    return f
