from xml.parsers import expat


def _reject_dtd(*_args):
    raise ValueError("feeds with a DOCTYPE are not accepted")


def feed_titles(xml_bytes):
    titles = []
    stack = []

    def start(tag, _attrs):
        stack.append(tag)
        if stack[-2:] == ["item", "title"]:
            titles.append("")

    def end(_tag):
        stack.pop()

    def text(data):
        if stack[-2:] == ["item", "title"]:
            titles[-1] += data

    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _reject_dtd
    parser.EntityDeclHandler = _reject_dtd
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    try:
        parser.Parse(xml_bytes, True)
    except expat.ExpatError as exc:
        raise ValueError(f"malformed feed: {exc}") from None
    return titles
