import os
import pickle


def save_cache(path, prices):
    with open(path, "wb") as f:
        pickle.dump(prices, f)


def load_cache(path):
    if not os.path.exists(path):
        return {}
    try:
        with open(path, "rb") as f:
            return pickle.load(f)
    except (pickle.UnpicklingError, EOFError):
        return {}
