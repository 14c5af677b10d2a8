import os

LOG_MODE = 0o640


def open_audit_log(path):
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, LOG_MODE)
    return os.fdopen(fd, "a", encoding="utf-8")
