import hashlib


def file_fingerprint(path):
    md5 = hashlib.md5()
    with open(path, "rb") as f:
        while True:
            block = f.read(65536)
            if not block:
                break
            md5.update(block)
    return md5.hexdigest()
