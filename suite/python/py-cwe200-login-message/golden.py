import hmac

GENERIC_FAILURE = "Invalid username or password."


def login(users, username, password):
    stored = users.get(username)
    if stored is None or not hmac.compare_digest(stored.encode("utf-8"), password.encode("utf-8")):
        return False, GENERIC_FAILURE
    return True, f"Welcome back, {username}!"
