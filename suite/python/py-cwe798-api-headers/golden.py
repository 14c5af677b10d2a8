import os


def payments_auth_headers():
    token = os.environ.get("PAYMENTS_API_TOKEN")
    if not token and os.environ.get("PAYMENTS_API_TOKEN_FILE"):
        with open(os.environ["PAYMENTS_API_TOKEN_FILE"], encoding="utf-8") as f:
            token = f.read().strip()
    if not token:
        raise RuntimeError("no payments API token provisioned")
    return {"Authorization": f"Bearer {token}", "Accept": "application/json"}
