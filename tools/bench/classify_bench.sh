#!/bin/sh
# Classification throughput of resnet4j beside PyTorch + torchvision's transform, in one session on one machine:
# N images made from the demo photo (PNG and JPEG, several sizes), classified by `./resnet4j classify` and by
# tools/bench/classify_peer.py with the same architecture and batch size. Decoding and preprocessing are included.
#
#   tools/bench/classify_bench.sh [ARCH] [IMAGES] [BATCH]      (defaults: resnet50 32 8)
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ARCH=${1:-resnet50}
N=${2:-32}
BATCH=${3:-8}
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
/usr/bin/python3 - "$ROOT/examples/images/chelsea.png" "$DIR" "$N" <<'PY'
import sys
from PIL import Image
photo, out, n = Image.open(sys.argv[1]).convert("RGB"), sys.argv[2], int(sys.argv[3])
sizes = [(451, 300), (640, 480), (1024, 768), (300, 451), (1600, 1200), (500, 500)]
for i in range(n):
    w, h = sizes[i % len(sizes)]
    image = photo.resize((w, h), Image.Resampling.BICUBIC)
    image.save(f"{out}/image{i:03d}." + ("jpg" if i % 2 else "png"), quality=90)
PY
echo "$N images ($ARCH, batch $BATCH) in $DIR"
"$ROOT/resnet4j" classify --arch "$ARCH" --batch "$BATCH" "$DIR" 2>&1 >/dev/null | grep 'classified'
/usr/bin/python3 "$ROOT/tools/bench/classify_peer.py" --arch "$ARCH" --batch "$BATCH" "$DIR"
