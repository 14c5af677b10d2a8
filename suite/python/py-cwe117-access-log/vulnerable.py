def access_log_line(method, path, status, user_agent):
    return '%s %s %d "%s"' % (method, path, status, user_agent)
