import pickle


def load_weights(path):
    with open(path, "rb") as f:
        try:
            return pickle.load(f)
        except (pickle.UnpicklingError, EOFError) as e:
            raise ValueError(str(e))
