import os


def save_upload(upload_dir, filename, data):
    if not filename:
        raise ValueError("empty file name")
    path = os.path.join(upload_dir, filename)
    with open(path, "wb") as f:
        f.write(data)
    return path
