import os


def ensure_upload_dir(path):
    os.makedirs(path, exist_ok=True)
    os.chmod(path, 0o777)
    return path
