import os


def save_upload(upload_dir, filename, data):
    safe_name = os.path.basename(filename.replace("\\", "/"))
    if safe_name in ("", ".", ".."):
        raise ValueError(f"invalid file name {filename!r}")
    path = os.path.join(upload_dir, safe_name)
    with open(path, "wb") as f:
        f.write(data)
    return path
