#!/usr/bin/python3
"""The same weights for resnet4j and ONNX Runtime: builds a torchvision ResNet, saves its state_dict (which
resnet4j loads) and exports the very same module with torch.onnx.export, so that `./resnet4j bench --vs
onnxruntime` compares two runtimes on one model rather than on two different ones.

    /usr/bin/python3 tools/bench/export_onnx.py --arch resnet50 --out .resnet4j/peers/resnet50 [--weights W.pth]

Without --weights the model gets the seeded, non-trivial weights of tools/golden/generate.py (no downloads).
Writes OUT/model.pth, OUT/model.onnx (input "input" N x C x H x W with dynamic batch, height and width; output
"logits" N x classes) and OUT/stamp, published by one directory rename. An OUT whose stamp matches (this script,
generate.py, the arch, the weights file's path, size and time) is left as it is, without importing torch.
Exit status: 0 done, 2 bad arguments (e.g. an architecture torchvision does not have), 3 torch or torchvision
not importable (callers skip the peer and say how to install them).
"""
import argparse
import hashlib
import importlib.util
import json
import os
import shutil
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
GENERATE = os.path.join(HERE, "..", "golden", "generate.py")
EXIT_NO_TORCH = 3
# The highest opset torch 1.13 writes; newer torch versions support more, older ones fail with a clear error.
OPSET = 17


def load_generate():
    """tools/golden/generate.py as a module: its architectures and its recipe for non-trivial seeded weights."""
    spec = importlib.util.spec_from_file_location("resnet4j_golden_generate", GENERATE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def torchvision_name(arch, known):
    """resnet4j ids (wideresnet50_2) and torchvision names (wide_resnet50_2) alike, ignoring case, '_' and '-'."""
    def key(s):
        return s.lower().replace("_", "").replace("-", "")
    matches = [k for k in known if key(k) == key(arch)]
    return matches[0] if matches else None


def file_sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def expected_stamp(arch, weights):
    identity = None
    if weights:
        st = os.stat(weights)
        identity = {"path": os.path.abspath(weights), "size": st.st_size, "mtime_ns": st.st_mtime_ns}
    return json.dumps({"export_onnx": file_sha256(os.path.abspath(__file__)), "generate": file_sha256(GENERATE),
                       "arch": arch, "weights": identity, "opset": OPSET}, sort_keys=True)


def is_up_to_date(out, stamp):
    try:
        with open(os.path.join(out, "stamp"), encoding="utf-8") as f:
            return f.read() == stamp and all(os.path.isfile(os.path.join(out, n)) for n in ("model.pth", "model.onnx"))
    except OSError:
        return False


def state_dict_of(checkpoint):
    """The state_dict inside a checkpoint, unwrapped the way resnet4j's loader does (state_dict/model, module.)."""
    for key in ("state_dict", "model"):
        if isinstance(checkpoint, dict) and isinstance(checkpoint.get(key), dict):
            checkpoint = checkpoint[key]
    if checkpoint and all(k.startswith("module.") for k in checkpoint):
        checkpoint = {k[len("module."):]: v for k, v in checkpoint.items()}
    return checkpoint


def export(generate, arch, weights, directory):
    import torch
    import torchvision

    if weights:
        model = getattr(torchvision.models, arch)(weights=None)
        model.load_state_dict(state_dict_of(torch.load(weights, map_location="cpu")), strict=True)
        model.eval()
    else:
        model = generate.make_model(arch, generate.arch_seed(arch))
    torch.save(model.state_dict(), os.path.join(directory, "model.pth"))
    example = torch.randn(1, 3, 64, 64)
    with torch.no_grad():
        torch.onnx.export(model, example, os.path.join(directory, "model.onnx"), opset_version=OPSET,
                          input_names=["input"], output_names=["logits"], do_constant_folding=True,
                          dynamic_axes={"input": {0: "batch", 2: "height", 3: "width"}, "logits": {0: "batch"}})
    return torch.__version__, torchvision.__version__


def publish(tmp, out):
    """Replaces out by tmp with renames, so that a reader never sees a half-written export."""
    old = None
    if os.path.exists(out):
        old = out + ".old-%d" % os.getpid()
        os.rename(out, old)
    os.rename(tmp, out)
    if old:
        shutil.rmtree(old, ignore_errors=True)


def main(argv):
    p = argparse.ArgumentParser(description="Export a torchvision ResNet to .pth and .onnx with the same weights.")
    p.add_argument("--arch", required=True, help="e.g. resnet50, resnext50_32x4d, wide_resnet50_2")
    p.add_argument("--out", required=True, help="output directory (model.pth, model.onnx, stamp)")
    p.add_argument("--weights", help="a torch.save(state_dict) file to export instead of seeded weights")
    args = p.parse_args(argv)
    generate = load_generate()
    arch = torchvision_name(args.arch, generate.ARCHS)
    if arch is None:
        print("export_onnx.py: torchvision has no architecture '%s'; known: %s"
              % (args.arch, ", ".join(generate.ARCHS)), file=sys.stderr)
        return 2
    if args.weights and not os.path.isfile(args.weights):
        print("export_onnx.py: --weights %s: no such file" % args.weights, file=sys.stderr)
        return 2
    out = os.path.abspath(args.out)
    stamp = expected_stamp(arch, args.weights)
    if is_up_to_date(out, stamp):
        return 0
    try:
        import torch  # noqa: F401
        import torchvision  # noqa: F401
    except ImportError as e:
        print("export_onnx.py: cannot import torch/torchvision (%s)" % e, file=sys.stderr)
        return EXIT_NO_TORCH
    os.makedirs(os.path.dirname(out), exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="." + os.path.basename(out) + ".tmp-", dir=os.path.dirname(out))
    os.chmod(tmp, 0o755)  # mkdtemp's 0700 would hide the export from other users
    try:
        start = time.monotonic()
        versions = export(generate, arch, args.weights, tmp)
        with open(os.path.join(tmp, "stamp"), "w", encoding="utf-8") as f:
            f.write(stamp)
        publish(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("export_onnx.py: %s exported with torch %s, torchvision %s, opset %d to %s (%.1f s)"
          % (arch, versions[0], versions[1], OPSET, out, time.monotonic() - start), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
