from xml.parsers import expat


def _reject_dtd(*_args):
    raise ValueError("profiles with a DOCTYPE are not accepted")


def load_settings(xml_bytes):
    settings = {}
    current = []

    def start(tag, attrs):
        if tag == "setting":
            current.append(attrs.get("name", ""))
            settings[current[-1]] = ""

    def end(tag):
        if tag == "setting":
            current.pop()

    def text(data):
        if current:
            settings[current[-1]] += data

    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _reject_dtd
    parser.EntityDeclHandler = _reject_dtd
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    try:
        parser.Parse(xml_bytes, True)
    except expat.ExpatError as exc:
        raise ValueError(f"malformed profile: {exc}") from None
    return settings
