import os
import tempfile


def spool_upload(chunks):
    path = os.path.join(tempfile.gettempdir(), "upload.spool")
    f = open(path, "w+b")
    for chunk in chunks:
        f.write(chunk)
    f.seek(0)
    os.unlink(path)
    return f
