import io
import xml.sax
from xml.sax.handler import feature_external_ges


class _SettingsHandler(xml.sax.ContentHandler):
    def __init__(self):
        super().__init__()
        self.settings = {}
        self.name = None

    def startElement(self, name, attrs):
        if name == "setting":
            self.name = attrs.get("name")
            self.settings[self.name] = ""

    def endElement(self, name):
        if name == "setting":
            self.name = None

    def characters(self, content):
        if self.name is not None:
            self.settings[self.name] += content


def load_settings(xml_bytes):
    handler = _SettingsHandler()
    parser = xml.sax.make_parser()
    parser.setFeature(feature_external_ges, True)
    parser.setContentHandler(handler)
    try:
        parser.parse(io.BytesIO(xml_bytes))
    except xml.sax.SAXParseException as e:
        raise ValueError(str(e))
    return handler.settings
