from urllib.parse import quote


def user_api_url(user_id):
    if not user_id:
        raise ValueError("empty user id")
    return "http://users.internal:8080/api/users/" + quote(user_id)
