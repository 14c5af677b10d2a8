import secrets


def log_in(sessions, session_id, user_id):
    if session_id is None or session_id not in sessions:
        session_id = secrets.token_urlsafe(32)
        sessions[session_id] = {}
    sessions[session_id]["user_id"] = user_id
    return session_id
