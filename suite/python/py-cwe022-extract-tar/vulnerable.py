import tarfile


def install_theme(tar_path, themes_dir):
    with tarfile.open(tar_path, "r:gz") as tar:
        tar.extractall(themes_dir)
        return sorted(m.name for m in tar.getmembers() if m.isfile())
