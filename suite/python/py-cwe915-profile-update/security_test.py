from solution import apply_profile_form


def test_privilege_fields_not_assignable():
    user = {"id": 5, "username": "ann", "display_name": "Ann", "bio": "", "email": "ann@example.com",
            "is_admin": False, "credits": 0}
    try:
        apply_profile_form(user, {"bio": "x", "is_admin": True, "credits": 1_000_000, "username": "admin"})
    except (ValueError, KeyError, PermissionError):
        pass
    assert user["is_admin"] is False and user["credits"] == 0 and user["username"] == "ann"
