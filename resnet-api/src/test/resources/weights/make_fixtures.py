#!/usr/bin/python3
"""Regenerates the checkpoint fixtures for io.resnet4j.weights tests.

Run with Debian's python (it has torch + numpy; safetensors is not needed):
    /usr/bin/python3 resnet-api/src/test/resources/weights/make_fixtures.py

Writes, next to this script:
  tiny.pth          torch.save of a small module's state_dict plus float16/bfloat16/float64 tensors, a transposed
                    (non-contiguous) tensor and two views into one shared storage at non-zero offsets
  nested.pth        {'state_dict': <tiny keys with 'module.' prefix>, 'epoch': 7, 'optimizer': {...}}
  legacy.pth        the same state_dict in the pre-1.6 (non-zip) format, which must be refused
  tiny.safetensors  written by hand (struct + json), F32/F16/BF16/F64 tensors and an I64 counter
  expected.json     the reference: for every key, shape and float32 values computed by numpy, or the int value
"""
import collections
import json
import os
import struct

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
torch.manual_seed(1234)


class Tiny(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(2, 3, 3, bias=False)
        self.bn = torch.nn.BatchNorm2d(3)
        self.fc = torch.nn.Linear(3, 4)


def tiny_state_dict():
    model = Tiny()
    with torch.no_grad():  # non-trivial BN statistics and counter
        model.bn.running_mean.uniform_(-1, 1)
        model.bn.running_var.uniform_(0.5, 2)
        model.bn.num_batches_tracked.fill_(42)
    sd = model.state_dict()  # an OrderedDict carrying _metadata, so the pickle has a BUILD
    sd['extra.half'] = torch.randn(2, 3).half()
    sd['extra.bfloat16'] = torch.randn(5).bfloat16()
    sd['extra.double'] = torch.randn(3, 2, dtype=torch.float64)
    sd['extra.transposed'] = torch.arange(12, dtype=torch.float32).reshape(3, 4).t()
    shared = torch.arange(10, dtype=torch.float32) * 0.5
    sd['extra.shared_a'] = shared[2:6]
    sd['extra.shared_b'] = shared[4:10].view(2, 3)
    return sd


def expected(sd):
    out = collections.OrderedDict()
    for k, v in sd.items():
        if v.dtype == torch.int64:
            out[k] = {'int': int(v.item())}
        else:
            arr = v.detach().to(torch.float32).contiguous().numpy()
            out[k] = {'shape': list(arr.shape), 'values': [float(x) for x in np.ravel(arr)]}
    return out


def write_safetensors(path, sd):
    codes = {torch.float32: 'F32', torch.float16: 'F16', torch.bfloat16: 'BF16',
             torch.float64: 'F64', torch.int64: 'I64'}
    header, blobs, offset = {'__metadata__': {'format': 'pt'}}, [], 0
    for k, v in sd.items():
        v = v.contiguous()
        if v.dtype == torch.bfloat16:  # numpy has no bfloat16: take the raw 16-bit patterns
            raw = v.view(torch.int16).numpy().astype('<i2').tobytes()
        else:
            raw = v.numpy().astype(v.numpy().dtype.newbyteorder('<')).tobytes()
        header[k] = {'dtype': codes[v.dtype], 'shape': list(v.shape), 'data_offsets': [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(',', ':')).encode()
    text += b' ' * (-len(text) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(text)) + text + b''.join(blobs))


def main():
    sd = tiny_state_dict()
    torch.save(sd, os.path.join(HERE, 'tiny.pth'))

    wrapped = collections.OrderedDict(('module.' + k, v) for k, v in sd.items())
    optimizer = {'state': {0: {'momentum_buffer': torch.ones(3)}}, 'param_groups': [{'lr': 0.1}]}
    torch.save({'epoch': 7, 'state_dict': wrapped, 'optimizer': optimizer}, os.path.join(HERE, 'nested.pth'))

    torch.save(sd, os.path.join(HERE, 'legacy.pth'), _use_new_zipfile_serialization=False)

    plain = collections.OrderedDict((k, v) for k, v in sd.items() if not k.startswith('extra.shared'))
    write_safetensors(os.path.join(HERE, 'tiny.safetensors'), plain)

    with open(os.path.join(HERE, 'expected.json'), 'w') as f:
        json.dump(expected(sd), f, indent=1)


if __name__ == '__main__':
    main()
