# System packages: bubblewrap (the sandbox), Go (the Go task runner), OpenBLAS (the dense layers'
# matrix products, opened at run time by crates/model/src/blas.rs). gcc, python3 and node come with the image.
set -euo pipefail
need=()
command -v bwrap >/dev/null 2>&1 || need+=(bubblewrap)
command -v go >/dev/null 2>&1 || need+=(golang-go)
ldconfig -p 2>/dev/null | grep -q 'libopenblas\.so\.0' || need+=(libopenblas0-pthread)
if [ ${#need[@]} -gt 0 ]; then
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}"
fi
