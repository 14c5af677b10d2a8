import os
import ssl
import tempfile

from solution import partner_tls_context

# Test-only fixtures, valid 2000-2099: a private CA, a server certificate it issued for
# api.partner.example, and a self-signed certificate for the same name (an interceptor's).
CA_PEM = """-----BEGIN CERTIFICATE-----
MIIBaTCCAQ6gAwIBAgICEAAwCgYIKoZIzj0EAwIwGjEYMBYGA1UEAwwPUGFydG5l
ciBUZXN0IENBMCAXDTAwMDEwMTAwMDAwMFoYDzIwOTkxMjMxMDAwMDAwWjAaMRgw
FgYDVQQDDA9QYXJ0bmVyIFRlc3QgQ0EwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNC
AAToemUEaRNyZqHyRClRolS59EiS0roj9NsIgLtpQv8lzm4rw6O4B0o0Q/ghaLpm
1G7H5JgTwwJy8D2FUlS9G3kgo0IwQDAPBgNVHRMBAf8EBTADAQH/MA4GA1UdDwEB
/wQEAwIBBjAdBgNVHQ4EFgQUWEW/Wg1raq3fXg5X2ElIS82YBiEwCgYIKoZIzj0E
AwIDSQAwRgIhANawtjIjEtej5EMF80t7bFEHofQuDE6nl46TSeVPTELwAiEAqLrW
LZSTrx0dGLrx/o9PrdmdB5Q2zzmUdBQO070PYdc=
-----END CERTIFICATE-----
"""
SERVER_PEM = """-----BEGIN CERTIFICATE-----
MIIBrjCCAVSgAwIBAgICEAEwCgYIKoZIzj0EAwIwGjEYMBYGA1UEAwwPUGFydG5l
ciBUZXN0IENBMCAXDTAwMDEwMTAwMDAwMFoYDzIwOTkxMjMxMDAwMDAwWjAeMRww
GgYDVQQDDBNhcGkucGFydG5lci5leGFtcGxlMFkwEwYHKoZIzj0CAQYIKoZIzj0D
AQcDQgAE2dpUq5W6RNOmkDSOmHgdEgqSWWX8/AqzfPrSEs3YS1JCPayWaYv/6LmC
D8WxBZ3ft7GuTIJd/sn5EdPLD3uJ06OBgzCBgDAJBgNVHRMEAjAAMB4GA1UdEQQX
MBWCE2FwaS5wYXJ0bmVyLmV4YW1wbGUwEwYDVR0lBAwwCgYIKwYBBQUHAwEwHwYD
VR0jBBgwFoAUWEW/Wg1raq3fXg5X2ElIS82YBiEwHQYDVR0OBBYEFGQpoAhg2BbI
qKYFAEejKQKTyYijMAoGCCqGSM49BAMCA0gAMEUCIQDErMToEysq+xM81UTcNhkJ
ris79hiLQd9YYt7or+J8BwIgB+olf5OEmQoY9CICsFIiuMGI9soInR4LIb8Vf3Sp
ofw=
-----END CERTIFICATE-----
"""
SERVER_KEY = """-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgxaEh7bKUunnOXa9S
s5VKWneKkNAOF2akDoFVpoEesMmhRANCAATZ2lSrlbpE06aQNI6YeB0SCpJZZfz8
CrN8+tISzdhLUkI9rJZpi//ouYIPxbEFnd+3sa5Mgl3+yfkR08sPe4nT
-----END PRIVATE KEY-----
"""
ROGUE_PEM = """-----BEGIN CERTIFICATE-----
MIIBkDCCATWgAwIBAgICEAIwCgYIKoZIzj0EAwIwHjEcMBoGA1UEAwwTYXBpLnBh
cnRuZXIuZXhhbXBsZTAgFw0wMDAxMDEwMDAwMDBaGA8yMDk5MTIzMTAwMDAwMFow
HjEcMBoGA1UEAwwTYXBpLnBhcnRuZXIuZXhhbXBsZTBZMBMGByqGSM49AgEGCCqG
SM49AwEHA0IABPKp0F0wjKOz4mma7dGrZ1Lm19s3yr9aTU/fQY70qEfc5eTIj5np
9vRF4UZmD4//XRne5Ww7pr5q3pSzPkeDV4ajYTBfMAkGA1UdEwQCMAAwHgYDVR0R
BBcwFYITYXBpLnBhcnRuZXIuZXhhbXBsZTATBgNVHSUEDDAKBggrBgEFBQcDATAd
BgNVHQ4EFgQUYcz+mJyBbxqT7333sGZWFHbzz6IwCgYIKoZIzj0EAwIDSQAwRgIh
AKzT6Nr84K4EomytkIS+9/H90lkaqIMORp0rn7ZIzRT5AiEAo6crLUC3FMuh9FcD
IvgWQTumsLk0rQ4LmS3DNRONans=
-----END CERTIFICATE-----
"""
ROGUE_KEY = """-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg0+YJLzAJR3TtOFUN
N5tD944VUFMeXeuNVCvRxmWknGihRANCAATyqdBdMIyjs+Jpmu3Rq2dS5tfbN8q/
Wk1P30GO9KhH3OXkyI+Z6fb0ReFGZg+P/10Z3uVsO6a+at6Usz5Hg1eG
-----END PRIVATE KEY-----
"""


def _write(d, name, text):
    path = os.path.join(d, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def _handshake(client_ctx, cert_pem, key_pem, hostname):
    """Runs a TLS handshake in memory between client_ctx and a server presenting cert_pem."""
    with tempfile.TemporaryDirectory() as d:
        server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        server_ctx.load_cert_chain(_write(d, "cert.pem", cert_pem), _write(d, "key.pem", key_pem))
    c_in, c_out, s_in, s_out = (ssl.MemoryBIO() for _ in range(4))
    client = client_ctx.wrap_bio(c_in, c_out, server_hostname=hostname)
    server = server_ctx.wrap_bio(s_in, s_out, server_side=True)
    done = {"client": False, "server": False}
    try:
        for _ in range(20):
            for name, side in (("client", client), ("server", server)):
                if not done[name]:
                    try:
                        side.do_handshake()
                        done[name] = True
                    except ssl.SSLWantReadError:
                        pass
            s_in.write(c_out.read())
            c_in.write(s_out.read())
            if all(done.values()):
                return True
    except ssl.SSLError:
        return False
    return False


def _context():
    with tempfile.TemporaryDirectory() as d:
        return partner_tls_context(_write(d, "partner-ca.pem", CA_PEM))


def test_rejects_certificate_from_unknown_issuer():
    assert not _handshake(_context(), ROGUE_PEM, ROGUE_KEY, "api.partner.example")


def test_rejects_certificate_for_another_host():
    assert not _handshake(_context(), SERVER_PEM, SERVER_KEY, "billing.other-company.example")
