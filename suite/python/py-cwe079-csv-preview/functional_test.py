from solution import render_csv_preview


def test_table():
    out = render_csv_preview("name,qty\napple,3\npear,5\n")
    assert out == ("<table><tr><th>name</th><th>qty</th></tr><tr><td>apple</td><td>3</td></tr>"
                   "<tr><td>pear</td><td>5</td></tr></table>")


def test_empty():
    assert render_csv_preview("") == "<table></table>"


def test_quoted_cell():
    assert render_csv_preview('a\n"x, y"\n') == "<table><tr><th>a</th></tr><tr><td>x, y</td></tr></table>"
