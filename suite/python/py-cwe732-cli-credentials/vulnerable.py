import json
import os


def store_credentials(config_dir, username, token):
    os.makedirs(config_dir, exist_ok=True)
    path = os.path.join(config_dir, "credentials.json")
    with open(path, "w") as f:
        json.dump({"username": username, "token": token}, f)
    return path
