def format_config(settings):
    return "\n".join(f"{k}={v}" for k, v in sorted(settings.items()))
