import xml.etree.ElementTree as ET
from xml.parsers import expat


def _reject_dtd(*_args):
    raise ValueError("XML documents with a DOCTYPE are not accepted")


def parse_order(xml_text):
    guard = expat.ParserCreate()
    guard.StartDoctypeDeclHandler = _reject_dtd
    guard.EntityDeclHandler = _reject_dtd
    try:
        guard.Parse(xml_text, True)
        root = ET.fromstring(xml_text)
    except (expat.ExpatError, ET.ParseError) as exc:
        raise ValueError(f"malformed order: {exc}") from None
    customer = root.find("customer")
    if root.tag != "order" or customer is None or root.get("id") is None:
        raise ValueError("not an order document")
    try:
        items = [(item.get("sku"), int(item.get("qty"))) for item in root.findall("item")]
    except (TypeError, ValueError):
        raise ValueError("bad item quantity") from None
    return {"id": root.get("id"), "customer": customer.text or "", "items": items}
