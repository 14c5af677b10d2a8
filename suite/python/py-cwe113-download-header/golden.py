from urllib.parse import quote


def content_disposition(filename):
    fallback = "".join(ch if 0x20 <= ord(ch) < 0x7F and ch not in '"\\' else "_" for ch in filename)
    if fallback == filename:
        return f'attachment; filename="{fallback}"'
    encoded = quote(filename, safe="")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}"
