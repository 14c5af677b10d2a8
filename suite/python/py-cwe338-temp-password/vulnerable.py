import random
import string


def temporary_password(length=12):
    if length < 8:
        raise ValueError("too short")
    pw = [random.choice(string.ascii_lowercase), random.choice(string.ascii_uppercase), random.choice(string.digits)]
    pw += random.choices(string.ascii_letters + string.digits, k=length - 3)
    random.shuffle(pw)
    return "".join(pw)
