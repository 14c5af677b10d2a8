import os
import zipfile


def extract_bundle(zip_path, dest_dir):
    names = []
    with zipfile.ZipFile(zip_path) as zf:
        for info in zf.infolist():
            if info.filename.endswith("/"):
                continue
            out_path = os.path.join(dest_dir, info.filename)
            os.makedirs(os.path.dirname(out_path), exist_ok=True)
            with open(out_path, "wb") as out:
                out.write(zf.read(info.filename))
            names.append(info.filename)
    return sorted(names)
