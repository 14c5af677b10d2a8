import os
import secrets

_SIGNATURES = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
}


def store_avatar(avatar_dir, filename, data):
    ext = os.path.splitext(filename)[1].lower()
    if ext not in _SIGNATURES:
        raise ValueError(f"unsupported file type {ext!r}")
    if not data.startswith(_SIGNATURES[ext]):
        raise ValueError("file content does not match its type")
    name = secrets.token_hex(16) + ext
    with open(os.path.join(avatar_dir, name), "xb") as f:
        f.write(data)
    return name
