import json


def state_script(state):
    return "<script>window.__STATE__ = " + json.dumps(state) + ";</script>"
