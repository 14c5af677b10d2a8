import gzip
import io
import zlib


def read_gzip_upload(data, max_size):
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            body = stream.read(max_size + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise ValueError(f"invalid gzip body: {exc}") from None
    if len(body) > max_size:
        raise ValueError("decompressed body too large")
    return body
