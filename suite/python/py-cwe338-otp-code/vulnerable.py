import random


def generate_otp(digits=6):
    return str(random.randint(0, 10**digits - 1)).zfill(digits)
