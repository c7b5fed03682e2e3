#!/usr/bin/python3
"""Golden data for resnet4j's parity tests: torchvision ResNets with non-trivial weights, their inputs and
their intermediate results ("taps"), in float32 and in float64.

For each architecture it writes, under OUT/<arch>/ (published atomically by one directory rename):
  <arch>.pth                 torch.save(model.state_dict()) of the float32 model
  <H>x<W>/input.npy          the float32 input, batch 2
  <H>x<W>/<tap>.npy          the float32 tap, as torch computes it
  <H>x<W>/<tap>.f64.npy      the same tap computed in float64 on the same weights and input
  manifest.json              per size and tap: shape, max_abs, max_abs_f32_vs_f64 (float32's own error)
  stamp                      hash of this script + the requested sizes; an arch whose stamp matches is skipped

Taps: stem (after maxpool), layer1..layer4, avgpool (N x C x 1 x 1), logits.
Threads: torch's default (Debian's build: one, or OMP_NUM_THREADS). More threads on a busy machine make
OpenMP's barriers spin and the run slower, so the script does not raise it itself.
Exit status: 0 done, 2 bad arguments, 3 torch/torchvision/numpy not importable (callers skip, not fail).
"""
import argparse
import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
import zlib

ARCHS = ("resnet18", "resnet34", "resnet50", "resnet101", "resnet152", "resnext50_32x4d", "wide_resnet50_2")
DEFAULT_SIZES = "224x224,97x131"
BATCH = 2
STAGES = ("layer1", "layer2", "layer3", "layer4")
TAPS = ("stem",) + STAGES + ("avgpool", "logits")
EXIT_NO_TORCH = 3


def parse_args(argv):
    p = argparse.ArgumentParser(description="Write torchvision golden data for resnet4j's parity tests.")
    p.add_argument("--out", required=True, help="output directory (one sub-directory per architecture)")
    p.add_argument("--archs", default=",".join(ARCHS), help="comma-separated subset of: " + ", ".join(ARCHS))
    p.add_argument("--sizes", default=DEFAULT_SIZES, help="comma-separated HxW input sizes (default %(default)s)")
    args = p.parse_args(argv)
    archs = [a.strip() for a in args.archs.split(",") if a.strip()]
    unknown = [a for a in archs if a not in ARCHS]
    if unknown or not archs:
        p.error("unknown architecture(s) %s; known: %s" % (", ".join(unknown) or "(none given)", ", ".join(ARCHS)))
    return args.out, archs, [parse_size(p, s) for s in args.sizes.split(",") if s.strip()]


def parse_size(parser, text):
    try:
        h, w = (int(v) for v in text.strip().lower().split("x"))
    except ValueError:
        parser.error("size '%s' is not HxW, e.g. 224x224" % text)
    if h < 32 or w < 32:
        # Below 32 pixels layer4 of a ResNet has no spatial extent left.
        parser.error("size '%s' is too small: a ResNet needs at least 32x32" % text)
    return h, w


def size_name(size):
    return "%dx%d" % size


def expected_stamp(arch, sizes):
    """Everything that decides the outputs: the script itself (seeds, recipe), the arch and the sizes."""
    with open(os.path.abspath(__file__), "rb") as f:
        script_hash = hashlib.sha256(f.read()).hexdigest()
    return json.dumps({"script_sha256": script_hash, "arch": arch, "batch": BATCH,
                       "sizes": [size_name(s) for s in sizes]}, sort_keys=True)


def is_up_to_date(arch_dir, stamp):
    try:
        with open(os.path.join(arch_dir, "stamp"), encoding="utf-8") as f:
            return f.read() == stamp
    except OSError:
        return False


def arch_seed(arch):
    # Stable per arch (unlike hash()), so a subset run writes exactly what a full run writes.
    return zlib.crc32(arch.encode("ascii"))


def make_model(arch, seed):
    """torchvision's model with randomised, data-calibrated batch norms, in eval mode."""
    import torch
    import torchvision

    torch.manual_seed(seed)
    model = getattr(torchvision.models, arch)(weights=None)
    gen = torch.Generator().manual_seed(seed + 1)
    bns = [m for m in model.modules() if isinstance(m, torch.nn.BatchNorm2d)]
    with torch.no_grad():
        for bn in bns:
            c = bn.num_features
            bn.weight.copy_(torch.rand(c, generator=gen) + 0.5)          # gamma ~ U(0.5, 1.5)
            bn.bias.copy_(torch.randn(c, generator=gen) * 0.1)           # beta ~ N(0, 0.1)
        # Running statistics taken from a real forward pass: with torchvision's Kaiming init, fixed made-up
        # statistics would let activations grow or shrink geometrically over 50+ layers. Calibrated, each BN
        # outputs roughly N(beta, gamma^2), so even ResNet-152's taps stay O(1..100).
        for bn in bns:
            bn.reset_running_stats()
            bn.momentum = None                                           # plain average over the pass
        model.train()
        model(torch.randn(4, 3, 96, 96, generator=gen))
        # Then perturb them, so that no BN is close to a pure normalisation a backend could get right by luck.
        for bn in bns:
            c = bn.num_features
            bn.running_mean.add_(torch.randn(c, generator=gen) * 0.1 * bn.running_var.sqrt())
            bn.running_var.mul_(torch.rand(c, generator=gen) * 1.5 + 0.5)  # x U(0.5, 2)
            bn.num_batches_tracked.fill_(int(torch.randint(1, 100000, (1,), generator=gen)))
            bn.momentum = 0.1
    return model.eval()


def run_with_taps(model, x):
    """Forward pass returning every tap, captured with forward hooks on torchvision's own modules."""
    import torch

    taps = {}
    modules = {"stem": model.maxpool, "avgpool": model.avgpool, "logits": model.fc}
    modules.update({s: getattr(model, s) for s in STAGES})
    handles = [m.register_forward_hook(lambda _m, _i, out, name=name: taps.__setitem__(name, out.detach().clone()))
               for name, m in modules.items()]
    try:
        with torch.no_grad():
            model(x)
    finally:
        for h in handles:
            h.remove()
    return taps


def generate(arch, sizes, arch_dir):
    """Writes one architecture's outputs into arch_dir (a fresh temporary directory); returns the manifest."""
    import copy
    import numpy as np
    import torch
    import torchvision

    seed = arch_seed(arch)
    model = make_model(arch, seed)
    torch.save(model.state_dict(), os.path.join(arch_dir, arch + ".pth"))
    model64 = copy.deepcopy(model).double()                      # the same weights, widened exactly
    manifest = {"arch": arch, "seed": seed, "batch": BATCH, "weights": arch + ".pth",
                "torch": torch.__version__, "torchvision": torchvision.__version__, "taps": list(TAPS), "sizes": {}}
    for size in sizes:
        name = size_name(size)
        os.mkdir(os.path.join(arch_dir, name))
        # Seeded per size, so that a run with fewer sizes writes the same input for each size it does write.
        inputs = torch.Generator().manual_seed(zlib.crc32(("%s@%s" % (arch, name)).encode("ascii")))
        x = torch.randn(BATCH, 3, size[0], size[1], generator=inputs)
        np.save(os.path.join(arch_dir, name, "input.npy"), x.numpy())
        t32 = run_with_taps(model, x)
        t64 = run_with_taps(model64, x.double())
        entry = {"input": name + "/input.npy", "taps": {}}
        for tap in TAPS:
            a32, a64 = t32[tap].numpy(), t64[tap].numpy()
            np.save(os.path.join(arch_dir, name, tap + ".npy"), np.ascontiguousarray(a32, dtype=np.float32))
            np.save(os.path.join(arch_dir, name, tap + ".f64.npy"), np.ascontiguousarray(a64, dtype=np.float64))
            entry["taps"][tap] = {"shape": list(a32.shape), "f32": "%s/%s.npy" % (name, tap),
                                  "f64": "%s/%s.f64.npy" % (name, tap),
                                  "max_abs": float(np.abs(a64).max()),
                                  "max_abs_f32_vs_f64": float(np.abs(a32.astype(np.float64) - a64).max())}
        manifest["sizes"][name] = entry
    with open(os.path.join(arch_dir, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=1)
    return manifest


def publish(tmp_dir, arch_dir):
    """Replaces arch_dir by tmp_dir with renames, so readers never see a half-written directory."""
    old = None
    if os.path.exists(arch_dir):
        old = tempfile.mkdtemp(prefix="." + os.path.basename(arch_dir) + ".old-", dir=os.path.dirname(arch_dir))
        os.rmdir(old)
        os.rename(arch_dir, old)
    os.rename(tmp_dir, arch_dir)
    if old:
        shutil.rmtree(old, ignore_errors=True)


def main(argv):
    out, archs, sizes = parse_args(argv)
    os.makedirs(out, exist_ok=True)
    stale = [a for a in archs if not is_up_to_date(os.path.join(out, a), expected_stamp(a, sizes))]
    if not stale:
        return 0
    try:
        import numpy  # noqa: F401
        import torch  # noqa: F401
        import torchvision  # noqa: F401
    except ImportError as e:
        print("generate.py: cannot import torch/torchvision/numpy (%s); run tools/golden/install-deps.sh" % e,
              file=sys.stderr)
        return EXIT_NO_TORCH
    total = time.monotonic()
    for arch in stale:
        start = time.monotonic()
        tmp = tempfile.mkdtemp(prefix="." + arch + ".tmp-", dir=out)
        os.chmod(tmp, 0o755)  # mkdtemp's 0700 would hide the published data from other users
        try:
            manifest = generate(arch, sizes, tmp)
            with open(os.path.join(tmp, "stamp"), "w", encoding="utf-8") as f:
                f.write(expected_stamp(arch, sizes))
            publish(tmp, os.path.join(out, arch))
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        logits = max(s["taps"]["logits"]["max_abs"] for s in manifest["sizes"].values())
        print("generate.py: %-16s %6.1fs  max |logit| %.3g" % (arch, time.monotonic() - start, logits), flush=True)
    print("generate.py: %d arch(s) in %.1fs" % (len(stale), time.monotonic() - total), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
