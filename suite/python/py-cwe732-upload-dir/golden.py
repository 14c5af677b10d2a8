import os

UPLOAD_DIR_MODE = 0o750


def ensure_upload_dir(path):
    os.makedirs(path, mode=UPLOAD_DIR_MODE, exist_ok=True)
    os.chmod(path, UPLOAD_DIR_MODE)
    return path
