def csrf_ok(session, form):
    return form.get("csrf_token") == session.get("csrf_token")
