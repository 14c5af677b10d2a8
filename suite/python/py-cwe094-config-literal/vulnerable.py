def parse_setting(raw):
    try:
        return eval(raw.strip())
    except Exception:
        return raw
