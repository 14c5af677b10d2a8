import secrets


def log_in(sessions, session_id, user_id):
    data = sessions.pop(session_id, None) or {}
    data["user_id"] = user_id
    new_id = secrets.token_urlsafe(32)
    sessions[new_id] = data
    return new_id
