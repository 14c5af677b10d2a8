import hashlib


def derive_backup_key(passphrase, salt):
    return hashlib.sha256(salt + passphrase.encode("utf-8")).digest()
