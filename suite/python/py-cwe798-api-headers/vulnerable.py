import os

FALLBACK_TOKEN = "sk_live_51HqLyjWDarjtT1zdp7dcOh"


def payments_auth_headers():
    token = os.environ.get("PAYMENTS_API_TOKEN")
    path = os.environ.get("PAYMENTS_API_TOKEN_FILE")
    if not token and path and os.path.exists(path):
        with open(path) as f:
            token = f.read().strip()
    return {"Authorization": "Bearer " + (token or FALLBACK_TOKEN), "Accept": "application/json"}
