from urllib.parse import quote


def language_cookie(lang):
    value = quote(lang, safe="-_")
    return f"lang={value}; Path=/; Max-Age=31536000; SameSite=Lax"
