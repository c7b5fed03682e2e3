#!/usr/bin/python3
"""Reference data for resnet4j's image preprocessing and classification, made by PIL and torchvision.

Usage: /usr/bin/python3 tools/vision/parity.py PHOTO.png OUT_DIR [--top5]

Writes into OUT_DIR:
  images/NAME            test images of every kind PIL's convert("RGB") accepts (from PHOTO, and synthetic)
  NAME.tensor.npy        torchvision's Compose([Resize, CenterCrop, ToTensor, Normalize]) on Image.open(f).convert("RGB")
  NAME.rgb.npy           the decoded RGB (float32 0..255, H x W x 3) for JPEGs, whose decoders may differ
  manifest.tsv           name, expect (exact|jpeg), resize, crop, mean, std, exif_rotate
With --top5, also a seeded torchvision resnet18 checkpoint (resnet18-seeded.pth) and top5.tsv: for some images,
the five most probable classes and their softmax probabilities as PyTorch computes them.
"""
import io
import os
import struct
import sys
import zlib

import numpy as np
import torch
import torchvision
from PIL import Image, ImageOps
from torchvision import transforms

MEAN = (0.485, 0.456, 0.406)
STD = (0.229, 0.224, 0.225)


def png_bytes(array, color_type, bit_depth, trns=None):
    """A PNG of `array` (H x W [x C], big-endian samples) written by hand: PIL cannot write 16-bit RGB or 2-bit gray.
    `trns`: the raw tRNS chunk data (a transparent grey or colour), if any."""
    h, w = array.shape[:2]
    if bit_depth == 16:
        raw_rows = [b"\x00" + array[y].astype(">u2").tobytes() for y in range(h)]
    elif bit_depth < 8:
        per_byte = 8 // bit_depth
        raw_rows = []
        for y in range(h):
            row = bytearray()
            for x0 in range(0, w, per_byte):
                b = 0
                for i in range(per_byte):
                    v = int(array[y, x0 + i]) if x0 + i < w else 0
                    b |= v << (8 - bit_depth * (i + 1))
                row.append(b)
            raw_rows.append(b"\x00" + bytes(row))
    else:
        raw_rows = [b"\x00" + array[y].astype(np.uint8).tobytes() for y in range(h)]

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", w, h, bit_depth, color_type, 0, 0, 0)
    extra = chunk(b"tRNS", trns) if trns is not None else b""
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + extra + chunk(b"IDAT", zlib.compress(b"".join(raw_rows)))
            + chunk(b"IEND", b""))


def gif_with_offset_first_frame(rng):
    """A GIF whose logical screen (300x200) is larger than its first frame (170x110, placed at 70, 45)."""
    frame = Image.fromarray(rng.integers(0, 256, (110, 170, 3), dtype=np.uint8)).quantize(colors=16)
    buf = io.BytesIO()
    frame.save(buf, "GIF")
    data = bytearray(buf.getvalue())
    flags = data[10]
    p = 13 + (3 * (2 << (flags & 7)) if flags & 0x80 else 0)
    while data[p] == 0x21:  # skip extension blocks
        p += 2
        while data[p]:
            p += data[p] + 1
        p += 1
    assert data[p] == 0x2C, "no image descriptor"
    data[6:10] = struct.pack("<HH", 300, 200)
    data[p + 1:p + 5] = struct.pack("<HH", 70, 45)
    return bytes(data)


def exif_with_orientation(value):
    exif = Image.Exif()
    exif[0x0112] = value
    return exif.tobytes()


def make_images(photo_path, out):
    """(name, expect, resize, crop, mean, std, exif_rotate) rows; writes each image under out/images."""
    rng = np.random.default_rng(8)
    photo = Image.open(photo_path).convert("RGB")
    rows = []

    def save(name, image, expect="exact", resize=256, crop=224, mean=MEAN, std=STD, exif_rotate=False, **kw):
        path = os.path.join(out, "images", name)
        if isinstance(image, bytes):
            with open(path, "wb") as f:
                f.write(image)
        else:
            image.save(path, **kw)
        rows.append((name, expect, resize, crop, mean, std, exif_rotate))

    # Photos, as PNG: the demo photo, its portrait turn, a crop with an odd excess after resizing.
    save("photo.png", photo)
    save("photo-portrait.png", photo.transpose(Image.Transpose.ROTATE_90))
    save("photo-odd.png", photo.crop((3, 5, 3 + 417, 5 + 293)))
    # Grayscale, grayscale + alpha, RGBA, palette with transparency, 1-bit, 2-bit, 16-bit.
    gray = photo.convert("L")
    save("gray.png", gray)
    alpha = Image.fromarray(rng.integers(0, 256, (photo.height, photo.width), dtype=np.uint8))
    la = gray.copy()
    la.putalpha(alpha)
    save("gray-alpha.png", la)
    rgba = photo.copy()
    rgba.putalpha(alpha)
    save("rgba.png", rgba)
    palette = photo.quantize(colors=64)
    save("palette-transparent.png", palette, transparency=5)
    save("bilevel.png", gray.convert("1"))
    two_bit = (np.asarray(gray) >> 6).astype(np.uint8)
    save("gray-2bit.png", png_bytes(two_bit, 0, 2))
    # 16-bit: gray spans 0..65535 and a low range (Pillow clips gray "I" to 255); RGB(A) keeps the high byte.
    g16 = (np.asarray(gray).astype(np.uint16) * 257)
    save("gray16.png", png_bytes(g16, 0, 16))
    save("gray16-low.png", png_bytes((np.asarray(gray).astype(np.uint16) + 20), 0, 16))
    rgb16 = np.asarray(photo).astype(np.uint16) * 257 + rng.integers(0, 257, (photo.height, photo.width, 3))
    save("gray16-low-trns.png", png_bytes((np.asarray(gray).astype(np.uint16) + 20), 0, 16, trns=struct.pack(">H", 120)))
    save("gray-trns.png", gray, transparency=128)
    save("rgb-trns.png", photo, transparency=(255, 255, 255))
    save("rgb16.png", png_bytes(rgb16.astype(np.uint16), 2, 16))
    rgba16 = np.concatenate([rgb16, rng.integers(0, 65536, (photo.height, photo.width, 1))], axis=2)
    save("rgba16.png", png_bytes(rgba16.astype(np.uint16), 6, 16))
    la16 = np.stack([g16, rng.integers(0, 65536, g16.shape)], axis=2)
    save("gray-alpha16.png", png_bytes(la16.astype(np.uint16), 4, 16))
    # BMP (24-bit and 8-bit palette), GIF (first frame of an animation).
    save("photo.bmp", photo)
    save("palette.bmp", palette)
    frame2 = photo.transpose(Image.Transpose.FLIP_LEFT_RIGHT).quantize(colors=32)
    save("animated.gif", photo.quantize(colors=128), save_all=True, append_images=[frame2], duration=100)
    save("offset-frame.gif", gif_with_offset_first_frame(rng))
    # Synthetic: noise, tiny, smaller than the crop, extreme aspect ratios.
    save("noise.png", Image.fromarray(rng.integers(0, 256, (480, 640, 3), dtype=np.uint8)))
    save("one-pixel.png", Image.new("RGB", (1, 1), (200, 30, 90)))
    save("tiny.png", Image.fromarray(rng.integers(0, 256, (5, 7, 3), dtype=np.uint8)))
    save("small.png", photo.resize((150, 100)))
    save("wide.png", Image.fromarray(rng.integers(0, 256, (4, 1000, 3), dtype=np.uint8)))
    save("tall.png", Image.fromarray(rng.integers(0, 256, (900, 3, 3), dtype=np.uint8)))
    # Other transform settings: smaller than the crop (zero padding), padding on one axis only, other statistics.
    save("pad-both.png", photo, resize=160, crop=224)
    save("pad-one.png", photo, resize=220, crop=224)
    save("other-stats.png", photo, resize=232, crop=200, mean=(0.5, 0.5, 0.5), std=(0.25, 0.3, 0.35))
    # EXIF orientation: stored, and applied with --exif-rotate (PNG eXIf chunk, every orientation).
    for o in range(1, 9):
        save(f"exif-{o}.png", photo.crop((0, 0, 300, 200)), exif_rotate=True, exif=exif_with_orientation(o))
    save("exif-6-ignored.png", photo, exif=exif_with_orientation(6))
    # JPEG: baseline 4:2:0, 4:4:4, progressive, grayscale, CMYK, and with EXIF orientation.
    save("photo.jpg", photo, expect="jpeg", quality=90)
    save("photo-444.jpg", photo, expect="jpeg", quality=95, subsampling=0)
    save("progressive.jpg", photo, expect="jpeg", quality=85, progressive=True)
    save("gray.jpg", gray, expect="jpeg", quality=90)
    save("cmyk.jpg", photo.convert("CMYK"), expect="jpeg", quality=90)
    save("exif-6.jpg", photo, expect="jpeg", quality=90, exif_rotate=True, exif=exif_with_orientation(6))
    # Photoshop's CMYK JPEGs are YCCK (Adobe transform 2); others carry no Adobe marker. Made from PIL's CMYK file by
    # editing its APP14 segment: the same scan data is then decoded as YCCK, or as plain CMYK without the marker.
    cmyk = open(os.path.join(out, "images", "cmyk.jpg"), "rb").read()
    app14 = cmyk.index(b"\xff\xee")
    length = struct.unpack(">H", cmyk[app14 + 2:app14 + 4])[0]
    assert cmyk[app14 + 4:app14 + 9] == b"Adobe" and length == 14, "PIL's CMYK JPEG has no 14-byte Adobe segment"
    save("ycck.jpg", cmyk[:app14 + 15] + b"\x02" + cmyk[app14 + 16:], expect="jpeg")
    save("cmyk-no-adobe.jpg", cmyk[:app14] + cmyk[app14 + 2 + length:], expect="jpeg")
    return rows


def reference(out, row):
    name, expect, resize, crop, mean, std, exif_rotate = row
    image = Image.open(os.path.join(out, "images", name))
    if exif_rotate:
        image = ImageOps.exif_transpose(image)
    rgb = image.convert("RGB")
    transform = transforms.Compose([transforms.Resize(resize), transforms.CenterCrop(crop), transforms.ToTensor(),
                                    transforms.Normalize(mean, std)])
    tensor = transform(rgb).unsqueeze(0).numpy().astype(np.float32)
    np.save(os.path.join(out, name + ".tensor.npy"), tensor)
    if expect == "jpeg":
        np.save(os.path.join(out, name + ".rgb.npy"), np.asarray(rgb).astype(np.float32))
    return tensor


def top5(out, rows):
    torch.manual_seed(8)
    model = torchvision.models.resnet18()
    with torch.no_grad():
        # Non-trivial batch norms, and a classifier scaled up so that the top classes are far apart: the test then
        # compares probabilities, not the order of near-ties.
        for m in model.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.running_mean.uniform_(-0.2, 0.2)
                m.running_var.uniform_(0.5, 2.0)
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.2, 0.2)
        model.fc.weight.mul_(15.0)
    model.eval()
    torch.save(model.state_dict(), os.path.join(out, "resnet18-seeded.pth"))
    lines = []
    with torch.no_grad():
        for row in rows:
            name = row[0]
            if row[1] != "exact" or row[2:4] != (256, 224) or row[4] != MEAN or row[6]:
                continue
            x = torch.from_numpy(np.load(os.path.join(out, name + ".tensor.npy")))
            probs = torch.softmax(model(x), dim=1)[0]
            values, indices = torch.topk(probs, 6)
            gap = float(torch.log(values[4]) - torch.log(values[5]))  # logit gap: how far from a tie
            entries = " ".join(f"{int(i)}:{float(v):.9g}" for i, v in zip(indices[:5], values[:5]))
            lines.append(f"{name}\t{gap:.9g}\t{entries}\n")
    with open(os.path.join(out, "top5.tsv"), "w") as f:
        f.writelines(lines)


def main():
    photo, out = sys.argv[1], sys.argv[2]
    os.makedirs(os.path.join(out, "images"), exist_ok=True)
    rows = make_images(photo, out)
    with open(os.path.join(out, "manifest.tsv"), "w") as f:
        for row in rows:
            reference(out, row)
            name, expect, resize, crop, mean, std, exif_rotate = row
            f.write("\t".join([name, expect, str(resize), str(crop), ",".join(map(repr, mean)),
                               ",".join(map(repr, std)), "1" if exif_rotate else "0"]) + "\n")
    check_weight_presets(out)
    if "--top5" in sys.argv[3:]:
        top5(out, rows)


def check_weight_presets(out):
    """The transforms torchvision's weights carry (weights.transforms()) equal the Compose this script compares with,
    given their resize: so --resize 232 reproduces the IMAGENET1K_V2 checkpoints' preprocessing."""
    image = Image.open(os.path.join(out, "images", "photo.png")).convert("RGB")
    for weights in (torchvision.models.ResNet50_Weights.IMAGENET1K_V1, torchvision.models.ResNet50_Weights.IMAGENET1K_V2):
        preset = weights.transforms()
        compose = transforms.Compose([transforms.Resize(preset.resize_size[0]), transforms.CenterCrop(preset.crop_size[0]),
                                      transforms.ToTensor(), transforms.Normalize(MEAN, STD)])
        if not torch.equal(preset(image), compose(image)):
            raise SystemExit(f"{weights}: its preset transform differs from Resize/CenterCrop/ToTensor/Normalize")


if __name__ == "__main__":
    main()
