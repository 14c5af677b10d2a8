from solution import search_results_page


def test_with_results():
    assert search_results_page("install", ["Install guide", "FAQ"]) == \
        "<h1>Results for install</h1><ul><li>Install guide</li><li>FAQ</li></ul>"


def test_no_results():
    assert search_results_page("zzz", []) == "<h1>Results for zzz</h1><p>No results</p>"
