import base64
import pickle


def encode_session(data):
    return base64.urlsafe_b64encode(pickle.dumps(data)).decode()


def decode_session(cookie):
    if not cookie:
        return None
    try:
        data = pickle.loads(base64.urlsafe_b64decode(cookie))
    except Exception:
        return None
    return data if isinstance(data, dict) else None
