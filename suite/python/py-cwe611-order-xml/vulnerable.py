import xml.etree.ElementTree as ET


def parse_order(xml_text):
    try:
        root = ET.fromstring(xml_text)
    except ET.ParseError as e:
        raise ValueError(str(e))
    if root.tag != "order" or root.find("customer") is None:
        raise ValueError("not an order")
    items = [(i.attrib["sku"], int(i.attrib["qty"])) for i in root.iter("item")]
    return {"id": root.attrib.get("id"), "customer": root.find("customer").text, "items": items}
