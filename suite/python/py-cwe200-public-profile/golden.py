PUBLIC_FIELDS = ("id", "username", "display_name", "bio", "created_at")


def public_profile(user):
    return {field: user[field] for field in PUBLIC_FIELDS}
