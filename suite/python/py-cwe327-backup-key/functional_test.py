from solution import derive_backup_key

SALT = bytes(range(16))


def test_deterministic_32_bytes():
    k1 = derive_backup_key("tr0ub4dor&3", SALT)
    assert isinstance(k1, bytes) and len(k1) == 32
    assert k1 == derive_backup_key("tr0ub4dor&3", SALT)


def test_salt_and_passphrase_matter():
    k = derive_backup_key("tr0ub4dor&3", SALT)
    assert k != derive_backup_key("tr0ub4dor&4", SALT)
    assert k != derive_backup_key("tr0ub4dor&3", bytes(16))
