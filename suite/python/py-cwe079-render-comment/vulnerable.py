def render_comment(author, text):
    return f'<div class="comment"><b>{author}</b><p>{text}</p></div>'
