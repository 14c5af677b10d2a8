def language_cookie(lang):
    return "lang=%s; Path=/; Max-Age=31536000; SameSite=Lax" % lang.strip()
