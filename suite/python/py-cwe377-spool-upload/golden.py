import tempfile


def spool_upload(chunks):
    spool = tempfile.TemporaryFile(prefix="upload-")
    for chunk in chunks:
        spool.write(chunk)
    spool.seek(0)
    return spool
