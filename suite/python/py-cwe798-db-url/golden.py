import os
from urllib.parse import quote


def database_url():
    user = os.environ.get("DB_USER")
    password = os.environ.get("DB_PASSWORD")
    if not user or not password:
        raise RuntimeError("DB_USER and DB_PASSWORD must be set")
    host = os.environ.get("DB_HOST", "localhost")
    port = os.environ.get("DB_PORT", "5432")
    name = os.environ.get("DB_NAME", "app")
    return f"postgresql://{quote(user, safe='')}:{quote(password, safe='')}@{host}:{port}/{name}"
