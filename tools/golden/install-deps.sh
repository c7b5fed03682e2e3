#!/bin/sh
# Makes sure /usr/bin/python3 can import torch, torchvision, numpy and PIL (Debian's packages), which
# tools/golden/generate.py and tools/vision/parity.py need for the parity tests' reference data.
# Idempotent: quiet and exit 0 when present.
set -eu

PYTHON=/usr/bin/python3

if "$PYTHON" -c 'import torch, torchvision, numpy, PIL' >/dev/null 2>&1; then
    exit 0
fi

# Root is needed for apt-get; use sudo only when not root already (CI containers usually are).
if [ "$(id -u)" -eq 0 ]; then SUDO=; else SUDO=sudo; fi

echo "install-deps.sh: installing python3-torch python3-torchvision python3-numpy python3-pil" >&2
$SUDO apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    python3-torch python3-torchvision python3-numpy python3-pil >/dev/null

if ! "$PYTHON" -c 'import torch, torchvision, numpy, PIL' >/dev/null 2>&1; then
    echo "install-deps.sh: $PYTHON still cannot import torch/torchvision/numpy/PIL after installing" >&2
    exit 1
fi
