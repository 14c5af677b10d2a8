import collections
import pickle

_ALLOWED = {("collections", "OrderedDict"): collections.OrderedDict}


class _WeightsUnpickler(pickle.Unpickler):
    def find_class(self, module, name):
        try:
            return _ALLOWED[(module, name)]
        except KeyError:
            raise pickle.UnpicklingError(f"forbidden global {module}.{name}") from None


def load_weights(path):
    with open(path, "rb") as f:
        try:
            return _WeightsUnpickler(f).load()
        except (pickle.UnpicklingError, EOFError, AttributeError, TypeError) as exc:
            raise ValueError(f"not a weights file: {exc}") from None
