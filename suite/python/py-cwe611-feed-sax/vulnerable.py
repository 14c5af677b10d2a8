import xml.sax


class FeedHandler(xml.sax.ContentHandler):
    def __init__(self):
        super().__init__()
        self.path = []
        self.titles = []

    def startElement(self, name, attrs):
        self.path.append(name)
        if self.path[-2:] == ["item", "title"]:
            self.titles.append("")

    def endElement(self, name):
        self.path.pop()

    def characters(self, content):
        if self.path[-2:] == ["item", "title"]:
            self.titles[-1] += content


def feed_titles(xml_bytes):
    handler = FeedHandler()
    parser = xml.sax.make_parser()
    parser.setFeature(xml.sax.handler.feature_external_ges, True)
    parser.setContentHandler(handler)
    try:
        parser.feed(xml_bytes)
        parser.close()
    except xml.sax.SAXException as e:
        raise ValueError(str(e))
    return handler.titles
