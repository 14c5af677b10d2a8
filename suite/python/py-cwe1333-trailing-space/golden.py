def clean_comment(text):
    return "\n".join(line.rstrip(" \t") for line in text.split("\n"))
