def record_failed_login(logger, username, attempts):
    logger.warning(f"Failed login for {username} (attempt {attempts})")
