from solution import render_comment


def test_plain_comment():
    assert render_comment("Ann", "Nice post") == '<div class="comment"><b>Ann</b><p>Nice post</p></div>'


def test_structure():
    out = render_comment("Bo", "Thanks")
    assert out.startswith('<div class="comment"><b>') and out.endswith("</p></div>")
