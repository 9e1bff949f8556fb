#!/usr/bin/python3
"""Batch encode/decode peer for the codec interop tests (Debian numcodecs 0.11 + libblosc1 1.21).

Usage: codec_roundtrip.py MANIFEST.json
The manifest is {"cases": [{"id", "op": "encode"|"decode", "codec": {numcodecs config}, "input": path,
"output": path, "itemsize": int}]}. "encode" compresses the input bytes viewed as items of `itemsize` bytes
(through python-blosc when the length is not a whole number of items, since numcodecs takes the typesize
from the buffer); "decode" decompresses. Writes MANIFEST.json.result.json: {id: null | "error text"}.
"""
import json
import sys

import numcodecs
import numpy as np


def encode(codec, data, itemsize):
    if codec.codec_id == "blosc" and itemsize > 1 and len(data) % itemsize != 0:
        import blosc  # same libblosc1; lets the typesize differ from the buffer's item size
        return blosc.compress(data, typesize=itemsize, clevel=codec.clevel, shuffle=codec.shuffle, cname=codec.cname)
    if itemsize > 1:
        return codec.encode(np.frombuffer(data, dtype=np.dtype([("v", "V%d" % itemsize)])))
    return codec.encode(np.frombuffer(data, dtype="u1"))


def main(manifest_path):
    with open(manifest_path) as f:
        manifest = json.load(f)
    results = {}
    for case in manifest["cases"]:
        try:
            codec = numcodecs.get_codec(dict(case["codec"]))
            with open(case["input"], "rb") as f:
                data = f.read()
            if case["op"] == "encode":
                out = encode(codec, data, case.get("itemsize", 1))
            else:
                out = codec.decode(data)
            with open(case["output"], "wb") as f:
                f.write(bytes(memoryview(out).cast("B")) if not isinstance(out, bytes) else out)
            results[case["id"]] = None
        except Exception as e:  # reported per case, so one failure does not hide the others
            results[case["id"]] = "%s: %s" % (type(e).__name__, e)
    with open(manifest_path + ".result.json", "w") as f:
        json.dump(results, f)


if __name__ == "__main__":
    main(sys.argv[1])
