import json


def state_script(state):
    payload = json.dumps(state)
    payload = (
        payload.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
    return f"<script>window.__STATE__ = {payload};</script>"
