# Intel MKL's sequential BLAS (x86-64 Linux), which crates/model/src/blas.rs prefers to OpenBLAS:
# on this project's 2-core AVX-512 machine its sgemm is 10-15% faster on the model's shapes
# (bench numbers in docs/model.md). Taken from the PyPI wheel `mkl` (Intel Simplified Software
# License) with pip, its sha256 checked, and only the seven libraries the sequential layer needs
# kept in tsp's cache: <cache>/blas/mkl-2026.2.0/. Skipped when already there or not x86-64 Linux.
set -euo pipefail
[ "$(uname -s)-$(uname -m)" = Linux-x86_64 ] || exit 0
version=2026.2.0
sha=eaab1875ce9f47ab3c66d5632cef06baf768c05781f2f28847bdbc4343500ed7
if [ -n "${TSP_CACHE_DIR:-}" ]; then cache="$TSP_CACHE_DIR"
elif [ -n "${XDG_CACHE_HOME:-}" ]; then cache="$XDG_CACHE_HOME/tsp"
else cache="$HOME/.cache/tsp"; fi
dest="$cache/blas/mkl-$version"
[ -f "$dest/libmkl_rt.so.3" ] && exit 0
mkdir -p "$cache/blas"
work=$(mktemp -d "$cache/blas/fetch.XXXXXX")
trap 'rm -rf "$work"' EXIT
python3 -m pip download --no-deps --only-binary=:all: --disable-pip-version-check -q -d "$work" "mkl==$version"
whl=$(ls "$work"/mkl-"$version"-*.whl)
echo "$sha  $whl" | sha256sum -c --quiet
python3 - "$whl" "$work/lib" "$version" <<'PY'
import os, sys, zipfile
whl, out, version = sys.argv[1:]
keep = ["rt", "core", "intel_lp64", "sequential", "def", "avx2", "avx512"]
os.makedirs(out)
with zipfile.ZipFile(whl) as z:
    for name in keep:
        member = f"mkl-{version}.data/data/lib/libmkl_{name}.so.3"
        with z.open(member) as src, open(os.path.join(out, os.path.basename(member)), "wb") as dst:
            while chunk := src.read(1 << 20):
                dst.write(chunk)
PY
rm "$whl"
# Appears whole or not at all: a crash above leaves only the temporary folder, removed on exit.
mv "$work/lib" "$dest"
