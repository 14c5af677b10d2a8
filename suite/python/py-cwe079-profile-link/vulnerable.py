import html


def profile_link(username, website):
    if not website.startswith(("http://", "https://")) and website.startswith(("ftp:", "mailto:")):
        website = "#"
    name = html.escape(username)
    return f'<a href="{website}" title="{name}">{name}</a>'
