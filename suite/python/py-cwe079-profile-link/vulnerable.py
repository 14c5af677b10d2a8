import html


def profile_link(username, website):
    if not website.startswith(("http://", "https://")):
        website = "#"
    name = html.escape(username)
    return f'<a href="{website}" title="{name}">{name}</a>'
