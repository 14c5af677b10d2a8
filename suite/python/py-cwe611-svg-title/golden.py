from xml.dom import minidom
from xml.parsers import expat


def _reject_dtd(*_args):
    raise ValueError("SVG files with a DOCTYPE are not accepted")


def svg_title(svg_text):
    guard = expat.ParserCreate()
    guard.StartDoctypeDeclHandler = _reject_dtd
    guard.EntityDeclHandler = _reject_dtd
    try:
        guard.Parse(svg_text, True)
        document = minidom.parseString(svg_text)
    except expat.ExpatError as exc:
        raise ValueError(f"malformed SVG: {exc}") from None
    for node in document.getElementsByTagName("*"):
        if node.tagName.rpartition(":")[2] == "title":
            return "".join(child.data for child in node.childNodes if child.nodeType == child.TEXT_NODE)
    return ""
