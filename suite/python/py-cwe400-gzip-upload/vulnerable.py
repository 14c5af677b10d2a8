import gzip


def read_gzip_upload(data, max_size):
    try:
        body = gzip.decompress(data)
    except (OSError, EOFError) as e:
        raise ValueError(str(e))
    if len(body) > max_size:
        raise ValueError("body too large")
    return body
