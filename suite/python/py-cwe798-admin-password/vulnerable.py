import os

DEFAULT_ADMIN_PASSWORD = "admin123"


def check_admin_password(password):
    return password == os.environ.get("ADMIN_PASSWORD", DEFAULT_ADMIN_PASSWORD)
