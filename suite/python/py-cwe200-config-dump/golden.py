import re

_SENSITIVE = re.compile(r"PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE|CREDENTIAL|DSN", re.IGNORECASE)


def format_config(settings):
    lines = []
    for name in sorted(settings):
        value = settings[name]
        if _SENSITIVE.search(name):
            value = "****"
        lines.append(f"{name}={value}")
    return "\n".join(lines)
