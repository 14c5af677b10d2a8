def login(users, username, password):
    if username not in users:
        return False, "No account found for %s." % username
    if users[username] != password:
        return False, "Incorrect password."
    return True, "Welcome back, %s!" % username
