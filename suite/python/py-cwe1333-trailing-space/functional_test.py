from solution import clean_comment


def test_strips_line_ends():
    assert clean_comment("looks good  \nbut fix this\t \n\nthanks ") == "looks good\nbut fix this\n\nthanks"


def test_keeps_inner_spaces():
    assert clean_comment("a  b\n  c") == "a  b\n  c"
