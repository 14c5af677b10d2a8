import json
import logging
import uuid

logger = logging.getLogger("api")


def handle(handler, request):
    try:
        result = handler(request)
    except Exception:
        incident = uuid.uuid4().hex[:12]
        logger.exception("unhandled error in request handler (incident %s)", incident)
        return 500, json.dumps({"error": "Internal server error", "incident": incident})
    return 200, json.dumps(result)
