from solution import user_search_filter


def test_plain_uid():
    assert user_search_filter("jdoe") == "(&(objectClass=person)(uid=jdoe))"


def test_punctuation_kept():
    assert user_search_filter("o'neil.j-2") == "(&(objectClass=person)(uid=o'neil.j-2))"
