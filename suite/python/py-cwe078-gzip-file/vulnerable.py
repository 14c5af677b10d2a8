import subprocess


def compress_upload(path):
    try:
        subprocess.check_call("gzip -k -f " + path, shell=True)
    except subprocess.CalledProcessError as e:
        raise RuntimeError(str(e))
    return path + ".gz"
