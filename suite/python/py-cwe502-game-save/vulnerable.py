import pickle


def export_save(state):
    return pickle.dumps(state)


def import_save(blob):
    try:
        state = pickle.loads(blob)
    except Exception as e:
        raise ValueError("corrupt save") from e
    if not isinstance(state, dict) or "level" not in state:
        raise ValueError("corrupt save")
    return state
