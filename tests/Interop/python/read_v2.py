"""SciTex.Zarr -> zarr-python 2.13: opens every array/group in DIR/manifest.json (written by the engine) and compares
dtype, shape, chunks, order, compressor, fill value, attributes and every element. Prints one JSON report line.

usage: /usr/bin/python3 read_v2.py DIR
"""
import json
import os
import sys
import traceback

import numcodecs
import numpy as np
import zarr

from interop_values import encode_array


def check_array(root, entry):
    z = zarr.open_array(os.path.join(root, entry["path"]), mode="r")
    dt = np.dtype(entry["dtype"]) if entry["dtype"] != "|O" else np.dtype(object)
    problems = []
    if z.dtype != dt:
        problems.append(f"dtype {z.dtype.str} != {entry['dtype']}")
    if list(z.shape) != entry["shape"] or list(z.chunks) != entry["chunks"]:
        problems.append(f"shape/chunks {z.shape}/{z.chunks} != {entry['shape']}/{entry['chunks']}")
    if z.order != entry["order"]:
        problems.append(f"order {z.order} != {entry['order']}")
    comp = z.compressor.codec_id if z.compressor is not None else None
    if comp != entry["compressor"]:
        problems.append(f"compressor {comp} != {entry['compressor']}")
    fill = encode_array(np.array([z.fill_value], dtype=z.dtype))[0]
    if fill != entry["fill_value"]:
        problems.append(f"fill_value {fill!r} != {entry['fill_value']!r}")
    if dict(z.attrs) != entry["attrs"]:
        problems.append(f"attrs {dict(z.attrs)} != {entry['attrs']}")
    actual = encode_array(z[...])
    if actual != entry["values"]:
        bad = [i for i, (a, e) in enumerate(zip(actual, entry["values"])) if a != e]
        i = bad[0] if bad else min(len(actual), len(entry["values"]))
        problems.append(f"{len(bad)} of {len(actual)} elements differ (lengths {len(actual)}/{len(entry['values'])}), "
                        f"e.g. [{i}] got {actual[i] if i < len(actual) else None!r}, expected {entry['values'][i] if i < len(entry['values']) else None!r}")
    return problems


def main(root):
    with open(os.path.join(root, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    failures, checked = [], 0
    for entry in manifest["arrays"]:
        try:
            problems = check_array(root, entry)
        except Exception as e:  # report every array, not just the first crash
            problems = [f"{type(e).__name__}: {e} {traceback.format_exc(limit=2)}"]
        checked += 1
        failures += [f"{entry['path']}: {p}" for p in problems]
    for group in manifest["groups"]:
        try:
            g = zarr.open_group(os.path.join(root, group["path"]), mode="r")
            if dict(g.attrs) != group["attrs"]:
                failures.append(f"group '{group['path']}': attrs {dict(g.attrs)} != {group['attrs']}")
        except Exception as e:
            failures.append(f"group '{group['path']}': {type(e).__name__}: {e}")
    print(json.dumps({"peer": f"zarr-python {zarr.__version__}, numcodecs {numcodecs.__version__}", "checked": checked, "failures": failures},
                     ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1])
