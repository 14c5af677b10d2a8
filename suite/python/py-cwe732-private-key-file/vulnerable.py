def save_private_key(path, pem):
    with open(path, "wb") as f:
        f.write(pem)
