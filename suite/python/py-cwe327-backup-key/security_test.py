import functools
import hashlib

from solution import derive_backup_key

SALT = bytes(range(16))
PW = "summer2024"


@functools.lru_cache(maxsize=None)
def _key():
    return derive_backup_key(PW, SALT)


def test_not_a_single_hash():
    pw = PW.encode()
    for name in ("md5", "sha1", "sha256", "sha512"):
        for data in (pw, SALT + pw, pw + SALT):
            assert hashlib.new(name, data).digest()[:32] != _key(), name


def test_not_a_low_iteration_kdf():
    for algo in ("sha1", "sha256"):
        for n in (1, 1000, 10000):
            assert hashlib.pbkdf2_hmac(algo, PW.encode(), SALT, n, dklen=32) != _key(), (algo, n)
