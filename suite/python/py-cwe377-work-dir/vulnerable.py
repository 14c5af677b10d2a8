import os
import tempfile


def make_work_dir(job_name):
    path = os.path.join(tempfile.gettempdir(), "%s-%d" % (job_name, os.getpid()))
    os.makedirs(path, exist_ok=True)
    return path
