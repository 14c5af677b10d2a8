from solution import svg_title


def test_title():
    svg = '<svg xmlns="http://www.w3.org/2000/svg"><title>Rocket</title><path d="M0 0"/></svg>'
    assert svg_title(svg) == "Rocket"


def test_no_title():
    assert svg_title('<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>') == ""


def test_malformed():
    try:
        svg_title("<svg><title>x</svg>")
    except ValueError:
        return
    raise AssertionError("malformed SVG accepted")
