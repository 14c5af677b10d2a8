def paginate(items, page, per_page):
    page = int(page or 1)
    per_page = int(per_page or 20)
    if per_page > 100:
        per_page = 100
    start = (page - 1) * per_page
    return items[start:start + per_page]
