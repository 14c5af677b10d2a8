def user_search_filter(username):
    return "(&(objectClass=person)(uid=%s))" % username.strip()
