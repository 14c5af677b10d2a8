import os
import shutil
import zipfile


def extract_bundle(zip_path, dest_dir):
    root = os.path.realpath(dest_dir)
    names = []
    with zipfile.ZipFile(zip_path) as archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            target = os.path.realpath(os.path.join(root, info.filename))
            if os.path.commonpath([root, target]) != root or target == root:
                raise ValueError(f"entry {info.filename!r} escapes the destination")
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with archive.open(info) as src, open(target, "wb") as dst:
                shutil.copyfileobj(src, dst)
            names.append(info.filename)
    return sorted(names)
