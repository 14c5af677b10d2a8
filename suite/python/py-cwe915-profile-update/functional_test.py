from solution import apply_profile_form


def _user():
    return {"id": 5, "username": "ann", "display_name": "Ann", "bio": "", "email": "ann@example.com",
            "is_admin": False, "credits": 0}


def test_updates_fields():
    user = _user()
    out = apply_profile_form(user, {"display_name": "Ann B.", "bio": "Tea & birds", "email": "ann@new.example"})
    assert out is user
    assert (user["display_name"], user["bio"], user["email"]) == ("Ann B.", "Tea & birds", "ann@new.example")


def test_partial_form():
    user = _user()
    apply_profile_form(user, {"bio": "hi"})
    assert user["bio"] == "hi" and user["display_name"] == "Ann"
