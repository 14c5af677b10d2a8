import hashlib

# scrypt cost parameters: 16 MiB of memory and ~0.1 s per derivation on a laptop core.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1


def derive_backup_key(passphrase, salt):
    return hashlib.scrypt(passphrase.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
