import json


def export_save(state):
    return json.dumps(state, sort_keys=True).encode("utf-8")


def import_save(blob):
    try:
        state = json.loads(blob.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ValueError(f"corrupt save: {exc}") from None
    if not isinstance(state, dict) or not {"level", "inventory", "position"} <= state.keys():
        raise ValueError("corrupt save: missing fields")
    if not isinstance(state["level"], int) or not isinstance(state["inventory"], list):
        raise ValueError("corrupt save: bad field types")
    return state
