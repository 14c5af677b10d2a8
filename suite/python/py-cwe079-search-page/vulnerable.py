def search_results_page(query, titles):
    page = "<h1>Results for %s</h1>" % query
    if not titles:
        return page + "<p>No results</p>"
    page += "<ul>"
    for t in titles:
        page += "<li>%s</li>" % t
    return page + "</ul>"
