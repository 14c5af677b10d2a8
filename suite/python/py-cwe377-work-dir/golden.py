import tempfile


def make_work_dir(job_name):
    return tempfile.mkdtemp(prefix=f"{job_name}-")
