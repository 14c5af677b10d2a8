import secrets


def generate_api_key(prefix="sk_"):
    return prefix + secrets.token_hex(20)
