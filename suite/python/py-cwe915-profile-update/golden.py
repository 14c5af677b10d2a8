EDITABLE_FIELDS = ("display_name", "bio", "email")


def apply_profile_form(user, form):
    for field in EDITABLE_FIELDS:
        if field in form:
            user[field] = form[field]
    return user
