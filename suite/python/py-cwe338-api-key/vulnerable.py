import random


def generate_api_key(prefix="sk_"):
    return prefix + "%040x" % random.getrandbits(160)
