from xml.dom import minidom
from xml.parsers.expat import ExpatError


def svg_title(svg_text):
    try:
        doc = minidom.parseString(svg_text)
    except ExpatError as e:
        raise ValueError(e)
    for el in doc.getElementsByTagName("*"):
        if el.localName == "title" or el.tagName.endswith(":title"):
            return "".join(n.data for n in el.childNodes if n.nodeType == n.TEXT_NODE)
    return ""
