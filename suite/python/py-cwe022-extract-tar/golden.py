import os
import tarfile


def install_theme(tar_path, themes_dir):
    root = os.path.realpath(themes_dir)
    with tarfile.open(tar_path, "r:*") as tar:
        members = tar.getmembers()
        for member in members:
            if not (member.isfile() or member.isdir()):
                raise ValueError(f"unsupported member type: {member.name!r}")
            target = os.path.realpath(os.path.join(root, member.name))
            if os.path.commonpath([root, target]) != root:
                raise ValueError(f"member {member.name!r} escapes the theme folder")
        tar.extractall(root, members=members)
    return sorted(m.name for m in members if m.isfile())
