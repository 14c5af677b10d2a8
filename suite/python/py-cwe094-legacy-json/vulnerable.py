def parse_payload(text):
    try:
        return eval(text, {"true": True, "false": False, "null": None})
    except Exception as e:
        raise ValueError("invalid JSON: %s" % e)
