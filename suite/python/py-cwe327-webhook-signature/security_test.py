import hashlib
import hmac

from solution import sign_webhook

SECRET = b"whsec_5d41402abc4b2a76"
BODY = b'{"event":"payment.succeeded","amount":1200}'


def test_not_a_plain_digest():
    sig = sign_webhook(SECRET, BODY).lower()
    for name in ("md5", "sha1", "sha256", "sha512"):
        assert sig != hashlib.new(name, SECRET + BODY).hexdigest(), f"{name}(secret + body)"
        assert sig != hashlib.new(name, BODY + SECRET).hexdigest(), f"{name}(body + secret)"


def test_no_broken_hash_in_mac():
    sig = sign_webhook(SECRET, BODY).lower()
    for name in ("md5", "sha1"):
        assert sig != hmac.new(SECRET, BODY, name).hexdigest(), f"HMAC-{name}"
    assert len(bytes.fromhex(sig)) >= 32
