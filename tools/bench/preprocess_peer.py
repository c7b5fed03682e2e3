"""Peer of PreprocessThroughput.java: PIL's Image.open(f).convert("RGB") and torchvision's eval transform, one
thread, images/s over every image in DIR (best of 3 passes). Run with /usr/bin/python3.

    /usr/bin/python3 tools/bench/preprocess_peer.py DIR
"""
import os
import sys
import time

import torch
from PIL import Image
from torchvision import transforms

torch.set_num_threads(1)
files = sorted(os.path.join(r, f) for r, _, names in os.walk(sys.argv[1]) for f in names)
transform = transforms.Compose([transforms.Resize(256), transforms.CenterCrop(224), transforms.ToTensor(),
                                transforms.Normalize((0.485, 0.456, 0.406), (0.229, 0.224, 0.225))])
best = 0
for _ in range(3):
    start = time.perf_counter()
    for f in files:
        transform(Image.open(f).convert("RGB"))
    best = max(best, len(files) / (time.perf_counter() - start))
print(f"PIL + torchvision: decode + transform of {len(files)} images: {best:.1f} images/s (one thread, best of 3)")
