def audit_line(username, ip, success):
    status = "ok" if success else "failed"
    return "login %s user=%s ip=%s" % (status, username.strip(), ip)
