import functools

from solution import derive_backup_key

SALT = bytes(range(16))


@functools.lru_cache(maxsize=None)
def _key(passphrase, salt):
    return derive_backup_key(passphrase, salt)


def test_deterministic_32_bytes():
    k1 = _key("tr0ub4dor&3", SALT)
    assert isinstance(k1, bytes) and len(k1) == 32
    assert k1 == derive_backup_key("tr0ub4dor&3", SALT)


def test_passphrase_matters():
    assert _key("tr0ub4dor&3", SALT) != _key("tr0ub4dor&4", SALT)


def test_salt_matters():
    assert _key("tr0ub4dor&3", SALT) != _key("tr0ub4dor&3", bytes(16))
