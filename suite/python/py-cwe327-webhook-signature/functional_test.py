from solution import sign_webhook, verify_webhook

SECRET = b"whsec_5d41402abc4b2a76"
BODY = b'{"event":"payment.succeeded","amount":1200}'


def test_sign_and_verify():
    sig = sign_webhook(SECRET, BODY)
    assert isinstance(sig, str) and sig == sig.lower()
    int(sig, 16)
    assert verify_webhook(SECRET, BODY, sig) is True


def test_tampered_body_rejected():
    sig = sign_webhook(SECRET, BODY)
    assert verify_webhook(SECRET, BODY.replace(b"1200", b"9999"), sig) is False


def test_other_secret_differs():
    assert sign_webhook(SECRET, BODY) != sign_webhook(b"whsec_other", BODY)
