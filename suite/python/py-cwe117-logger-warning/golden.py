def _for_log(value):
    return value.encode("unicode_escape").decode("ascii") if not value.isprintable() else value


def record_failed_login(logger, username, attempts):
    logger.warning("Failed login for %s (attempt %d)", _for_log(username), attempts)
