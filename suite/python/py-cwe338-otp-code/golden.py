import secrets


def generate_otp(digits=6):
    return str(secrets.randbelow(10**digits)).zfill(digits)
