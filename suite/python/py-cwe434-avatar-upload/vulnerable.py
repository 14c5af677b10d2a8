import os
import uuid

ALLOWED = {"png", "jpg", "jpeg", "gif"}


def store_avatar(avatar_dir, filename, data):
    base = os.path.basename(filename)
    if "." not in base or base.split(".")[1].lower() not in ALLOWED:
        raise ValueError("only images are allowed")
    name = uuid.uuid4().hex + "_" + base
    with open(os.path.join(avatar_dir, name), "wb") as f:
        f.write(data)
    return name
