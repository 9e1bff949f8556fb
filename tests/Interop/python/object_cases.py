"""numcodecs object codecs (pickle, json2, msgpack2, vlen-array) both ways with zarr-python 2.13.

Elements travel as tagged JSON: plain JSON for None/bool/int/str/list/dict, {"$float": repr-or-NaN} for floats,
{"$bytes": base64} for bytes, {"$array": dtype, "items": [...]} for the 1-d numpy arrays of vlen-array.

  list          prints the cases (codec config, shape, chunks, elements)
  write OUT     zarr-python writes each case into OUT (v2) with manifest.json (elements as read back)
  check DIR     reads the engine's store DIR and compares each case's elements with the listing

usage: /usr/bin/python3 object_cases.py list | write OUT | check DIR
"""
import base64
import json
import math
import os
import sys

import numcodecs
import numpy as np
import zarr


def tag(v):
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        f = float(v)
        return {"$float": "NaN" if math.isnan(f) else "Infinity" if f == math.inf else "-Infinity" if f == -math.inf else repr(f)}
    if isinstance(v, bytes):
        return {"$bytes": base64.b64encode(v).decode("ascii")}
    if isinstance(v, np.ndarray):
        return {"$array": v.dtype.str, "items": [tag(x) for x in v.tolist()]}
    if isinstance(v, (list, tuple)):
        return [tag(x) for x in v]
    if isinstance(v, dict):
        return {k: tag(x) for k, x in v.items()}
    raise TypeError(type(v))


def untag(v):
    if isinstance(v, list):
        return [untag(x) for x in v]
    if isinstance(v, dict):
        if "$float" in v:
            return float(v["$float"].replace("Infinity", "inf"))
        if "$bytes" in v:
            return base64.b64decode(v["$bytes"])
        if "$array" in v:
            return np.array([untag(x) for x in v["items"]], dtype=v["$array"])
        return {k: untag(x) for k, x in v.items()}
    return v


GENERAL = [None, True, False, 0, -7, 2**40, 1.5, -0.0, float("nan"), float("inf"), "héllo ✓", "", [1, 2, [3, "x"]], {"b": 1, "a": [None, 2.25]},
           {"nested": {"k": "v"}}, [], 12345678901234]
JSONABLE = GENERAL
MSGPACK = GENERAL + [b"\x00\x01bytes", {"bin": b"\xff"}]
PICKLE = GENERAL + [b"raw\x00bytes", (1, "tuple"), {"set-free": [1.0, 2]}]


def arrays(dtype, n):
    return [np.arange(i % 4, dtype=dtype) * (3 if np.dtype(dtype).kind != "b" else 1) - (1 if np.dtype(dtype).kind in "if" else 0)
            for i in range(n)]


def cases():
    out = []
    for codec, values in [({"id": "json2"}, JSONABLE), ({"id": "msgpack2"}, MSGPACK), ({"id": "pickle", "protocol": 2}, PICKLE),
                          ({"id": "pickle", "protocol": 5}, PICKLE)]:
        label = codec["id"] + str(codec.get("protocol", ""))
        out.append(dict(name=f"{label}_1d", codec=codec, shape=[len(values)], chunks=[5], values=values, compressor=None))
        out.append(dict(name=f"{label}_2d_zstd", codec=codec, shape=[3, 4], chunks=[2, 3], values=(values * 2)[:12],
                        compressor={"id": "zstd", "level": 1}))
    for dtype in ["<i4", "<f8", "|u1", ">i2", "<i8"]:
        vals = arrays(dtype, 9)
        vals[3] = np.array([], dtype=dtype)
        out.append(dict(name=f"vlenarray_{dtype[1:]}{'_be' if dtype[0] == '>' else ''}", codec={"id": "vlen-array", "dtype": dtype},
                        shape=[9], chunks=[4], values=vals, compressor=None if dtype != "<f8" else {"id": "zlib", "level": 1}))
    return out


def build(c):
    a = np.empty(len(c["values"]), dtype=object)
    for i, v in enumerate(c["values"]):
        a[i] = v
    return a.reshape(c["shape"])


def cmd_list():
    print(json.dumps({"cases": [dict(name=c["name"], codec=c["codec"], shape=c["shape"], chunks=c["chunks"], compressor=c["compressor"],
                                     values=[tag(v) for v in c["values"]]) for c in cases()]}))


def write(store, c, path):
    z = zarr.create(shape=c["shape"], chunks=c["chunks"], dtype=object, object_codec=numcodecs.get_codec(dict(c["codec"])),
                    compressor=numcodecs.get_codec(dict(c["compressor"])) if c["compressor"] else None, store=store, path=path, overwrite=True)
    z[...] = build(c)
    return z


def cmd_write(out):
    store = zarr.DirectoryStore(out)
    zarr.group(store=store, overwrite=True)
    arrays_ = []
    for c in cases():
        z = write(store, c, c["name"])
        arrays_.append({"path": c["name"], "values": [tag(v) for v in z[...].reshape(-1)]})
    with open(os.path.join(out, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump({"arrays": arrays_}, f)
    print(f"wrote {len(arrays_)} object arrays")


def same(a, b):
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def cmd_check(root):
    failures, checked = [], 0
    for c in cases():
        try:
            z = zarr.open_array(os.path.join(root, c["name"]), mode="r")
            got = [tag(v) for v in z[...].reshape(-1)]
            # What zarr-python itself reads back from its own write (tuples become lists in json2/msgpack2, and so on).
            want = [tag(v) for v in write(zarr.MemoryStore(), c, "a")[...].reshape(-1)]
            bad = [i for i, (x, y) in enumerate(zip(got, want)) if not same(x, y)]
            if bad or len(got) != len(want):
                i = bad[0] if bad else 0
                failures.append(f"{c['name']}: {len(bad)} elements differ, e.g. [{i}] got {got[i] if got else None!r} want {want[i]!r}")
            checked += 1
        except Exception as e:
            failures.append(f"{c['name']}: {type(e).__name__}: {e}")
    print(json.dumps({"checked": checked, "failures": failures}))


if __name__ == "__main__":
    {"list": lambda: cmd_list(), "write": lambda: cmd_write(sys.argv[2]), "check": lambda: cmd_check(sys.argv[2])}[sys.argv[1]]()
