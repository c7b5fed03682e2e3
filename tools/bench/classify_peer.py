"""Peer of `./resnet4j classify`: the same job in PyTorch, timed the same way. Every image under DIR is opened
with PIL, convert("RGB"), torchvision's Resize(256)/CenterCrop(224)/ToTensor/Normalize, batched, run through a
torchvision model, softmax, top-5. The clock starts after the model is built and loaded, as resnet4j's does.
Run with /usr/bin/python3 (Debian's torch and torchvision).

    /usr/bin/python3 tools/bench/classify_peer.py --arch resnet50 [--weights resnet50.pth] [--batch 8] DIR
"""
import argparse
import os
import time

import torch
import torchvision
from PIL import Image
from torchvision import transforms

EXTENSIONS = {".png", ".jpg", ".jpeg", ".jpe", ".jfif", ".bmp", ".gif", ".tif", ".tiff"}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--arch", default="resnet50")
    p.add_argument("--weights")
    p.add_argument("--batch", type=int, default=8)
    # Default: every CPU this process may use, as the java backend (Runtime.availableProcessors) does; torch's
    # own default counts physical cores only.
    p.add_argument("--threads", type=int, default=len(os.sched_getaffinity(0)))
    p.add_argument("dir")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    files = sorted(os.path.join(root, f) for root, _, names in os.walk(a.dir) for f in names
                   if os.path.splitext(f)[1].lower() in EXTENSIONS)
    model = getattr(torchvision.models, a.arch)()
    if a.weights:
        model.load_state_dict(torch.load(a.weights, map_location="cpu"))
    model.eval()
    transform = transforms.Compose([transforms.Resize(256), transforms.CenterCrop(224), transforms.ToTensor(),
                                    transforms.Normalize((0.485, 0.456, 0.406), (0.229, 0.224, 0.225))])
    start = time.perf_counter()
    with torch.no_grad():
        for i in range(0, len(files), a.batch):
            batch = torch.stack([transform(Image.open(f).convert("RGB")) for f in files[i:i + a.batch]])
            torch.topk(torch.softmax(model(batch), dim=1), 5)
    seconds = time.perf_counter() - start
    print(f"torch {torch.__version__} / torchvision {torchvision.__version__}: classified {len(files)} images in "
          f"{seconds:.2f} s ({len(files) / seconds:.2f} images/s, decoding included), {a.threads} threads")


if __name__ == "__main__":
    main()
