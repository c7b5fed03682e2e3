"""Peer timings for `./resnet4j bench`, measured the same way: torch.load of a checkpoint and a torchvision
forward pass, min / median / p90 over N runs after warm-up. Run with /usr/bin/python3 (Debian's torch).

    /usr/bin/python3 tools/bench/torch_peer.py --arch resnet50 --weights resnet50.pth --iterations 10
"""
import argparse
import time

import torch
import torchvision


def timed(fn, warmup, iterations):
    for _ in range(warmup):
        fn()
    runs = []
    for _ in range(iterations):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    runs.sort()
    # The same order statistics as BenchCommand: median = runs[n / 2], p90 = runs[ceil(0.9 n) - 1].
    p90 = runs[min(len(runs) - 1, -(-len(runs) * 9 // 10) - 1)]
    return runs[0], runs[len(runs) // 2], p90


def report(what, t):
    print(f"{what}: min {t[0] * 1e3:.1f} ms, median {t[1] * 1e3:.1f} ms, p90 {t[2] * 1e3:.1f} ms")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--arch", default="resnet50")
    p.add_argument("--weights")
    p.add_argument("--input", default="3x224x224")
    p.add_argument("--batch", type=int, default=1)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--iterations", type=int, default=10)
    p.add_argument("--threads", type=int, default=torch.get_num_threads())
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    model = getattr(torchvision.models, a.arch)().eval()
    if a.weights:
        report(f"torch.load {a.weights}", timed(lambda: model.load_state_dict(torch.load(a.weights)), a.warmup, a.iterations))
    c, h, w = (int(v) for v in a.input.split("x"))
    x = torch.randn(a.batch, c, h, w)
    with torch.no_grad():
        t = timed(lambda: model(x), a.warmup, a.iterations)
    report(f"torch forward {a.arch} {list(x.shape)} ({a.threads} threads)", t)


if __name__ == "__main__":
    main()
