import random
import string


def make_reset_token():
    chars = string.ascii_letters + string.digits
    return "".join(random.choice(chars) for _ in range(32))
