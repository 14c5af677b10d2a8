import html


def render_comment(author, text):
    safe_author = html.escape(author)
    safe_text = html.escape(text)
    return f'<div class="comment"><b>{safe_author}</b><p>{safe_text}</p></div>'
