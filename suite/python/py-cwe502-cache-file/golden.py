import json
import os


def save_cache(path, prices):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(prices, f)
    os.replace(tmp, path)


def load_cache(path):
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): [float(p) for p in v] for k, v in data.items() if isinstance(v, list)}
