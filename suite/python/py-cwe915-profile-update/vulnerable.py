def apply_profile_form(user, form):
    for key, value in form.items():
        if key in user and key != "id":
            user[key] = value
    return user
