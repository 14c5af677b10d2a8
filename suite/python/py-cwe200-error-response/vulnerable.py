import json
import logging
import traceback


def handle(handler, request):
    try:
        return 200, json.dumps(handler(request))
    except Exception as e:
        logging.getLogger("api").error("request failed: %s", e, exc_info=True)
        return 500, json.dumps({"error": str(e), "trace": traceback.format_exc()})
