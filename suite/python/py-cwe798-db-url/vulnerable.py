import os
from urllib.parse import quote


def database_url():
    user = os.getenv("DB_USER", "postgres")
    password = os.getenv("DB_PASSWORD", "postgres")
    host = os.getenv("DB_HOST", "localhost")
    port = os.getenv("DB_PORT", "5432")
    name = os.getenv("DB_NAME", "app")
    return "postgresql://%s:%s@%s:%s/%s" % (quote(user, safe=""), quote(password, safe=""), host, port, name)
