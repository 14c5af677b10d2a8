import hashlib


def sign_webhook(secret, body):
    return hashlib.md5(secret + body).hexdigest()


def verify_webhook(secret, body, signature):
    return sign_webhook(secret, body) == signature
