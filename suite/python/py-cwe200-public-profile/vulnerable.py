def public_profile(user):
    profile = dict(user)
    profile.pop("password_hash", None)
    return profile
