from urllib.parse import quote


def content_disposition(filename):
    try:
        filename.encode("ascii")
        return 'attachment; filename="%s"' % filename
    except UnicodeEncodeError:
        return "attachment; filename*=UTF-8''%s" % quote(filename)
