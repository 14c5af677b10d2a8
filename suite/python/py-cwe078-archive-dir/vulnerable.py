import os


def create_archive(directory, name):
    archive = f"{name}.tar.gz"
    status = os.system(f"tar -czf {archive} {directory}")
    if status != 0:
        raise RuntimeError("tar failed")
    return archive
