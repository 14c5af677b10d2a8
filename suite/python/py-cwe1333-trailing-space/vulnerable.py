import re


def clean_comment(text):
    return re.sub(r"[ \t]+$", "", text, flags=re.MULTILINE)
