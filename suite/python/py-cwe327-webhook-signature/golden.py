import hashlib
import hmac


def sign_webhook(secret, body):
    return hmac.new(secret, body, hashlib.sha256).hexdigest()


def verify_webhook(secret, body, signature):
    return hmac.compare_digest(sign_webhook(secret, body), signature.lower())
