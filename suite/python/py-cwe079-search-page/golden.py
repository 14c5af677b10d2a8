from html import escape


def search_results_page(query, titles):
    heading = f"<h1>Results for {escape(query)}</h1>"
    if not titles:
        return heading + "<p>No results</p>"
    items = "".join(f"<li>{escape(title)}</li>" for title in titles)
    return f"{heading}<ul>{items}</ul>"
