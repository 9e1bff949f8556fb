"""NumPy structured dtypes both ways with zarr-python 2.13 (little/big-endian, nested, sub-array, string and
datetime fields, fill values, order F).

Each field's values travel as one flat column in C order (nested fields as "outer.inner"): numbers as JSON numbers,
datetime64 as int64 counts, |S as base64, <U as strings.

  list          prints the cases (dtype descr, shape, chunks, fill value, columns)
  write OUT     zarr-python writes each case into OUT (v2) with manifest.json (the columns as read back)
  check DIR     reads the engine's store DIR and compares every field value with the listing

usage: /usr/bin/python3 struct_cases.py list | write OUT | check DIR
"""
import base64
import json
import os
import sys

import numcodecs
import numpy as np
import zarr


def dtype_of(descr):
    return np.dtype([tuple(f[:2]) + ((tuple(f[2]),) if len(f) > 2 else ()) if not isinstance(f[1], list) else (f[0], dtype_of(f[1])) + ((tuple(f[2]),) if len(f) > 2 else ()) for f in descr])


CASES = [
    dict(name="simple", descr=[["a", "<i4"], ["b", "<f8"]], shape=[10], chunks=[4], compressor=None),
    dict(name="big_endian", descr=[["a", ">i4"], ["b", ">f8"], ["c", "<u2"]], shape=[3, 4], chunks=[2, 3], compressor={"id": "zlib", "level": 1}),
    dict(name="nested", descr=[["id", "<u2"], ["pos", [["x", "<f4"], ["y", ">f4"]]], ["flag", "|b1"]], shape=[7], chunks=[3], compressor={"id": "blosc", "cname": "lz4", "clevel": 5, "shuffle": 1, "blocksize": 0}),
    dict(name="subarray", descr=[["t", "<i8"], ["v", "<f4", [2]], ["m", ">i2", [2, 2]]], shape=[5], chunks=[2], compressor=None),
    dict(name="strings_and_times", descr=[["s", "|S4"], ["u", "<U3"], ["when", "<M8[s]"], ["z", "<c8"]], shape=[4], chunks=[3], compressor=None),
    dict(name="order_f", descr=[["a", "<i2"], ["b", "<f4"]], shape=[3, 5], chunks=[2, 2], compressor=None, order="F"),
    dict(name="fill", descr=[["a", "<i4"], ["b", ">f8"]], shape=[6], chunks=[2], compressor=None, fill=[7, 1.5], written=2),
]


def make_values(dtype, shape, seed):
    count = int(np.prod(shape))
    data = np.zeros(count, dtype=dtype)
    rng = np.random.default_rng(seed)

    def fill(view, dt, path):
        if dt.names:
            for n in dt.names:
                fill(view[n], dt.fields[n][0], path + [n])
            return
        base = dt.base if dt.subdtype else dt
        size = view.size
        if base.kind == "S":
            flat = np.array([("k%d" % i).encode()[: base.itemsize] for i in range(size)], dtype=base)
        elif base.kind == "U":
            flat = np.array([("é%d" % i)[: base.itemsize // 4] for i in range(size)], dtype=base)
        elif base.kind == "M":
            flat = (np.arange(size, dtype="i8") * 86400 + 1_600_000_000).astype(base)
        elif base.kind == "b":
            flat = (np.arange(size) % 3 == 0)
        elif base.kind == "c":
            flat = (rng.integers(-50, 50, size) + 0.25j * rng.integers(-9, 9, size)).astype(base)
        elif base.kind == "f":
            flat = (rng.integers(-1000, 1000, size) / 8).astype(base)
        else:
            info = np.iinfo(base)
            flat = rng.integers(max(info.min, -30000), min(info.max, 30000), size).astype(base)
        view[...] = flat.reshape(view.shape)

    fill(data, dtype, [])
    return data.reshape(shape)


def columns(arr):
    out = {}

    def walk(view, dt, path):
        if dt.names:
            for n in dt.names:
                walk(view[n], dt.fields[n][0], path + [n])
            return
        base = dt.base if dt.subdtype else dt
        flat = np.ascontiguousarray(view).reshape(-1)
        if base.kind == "S":
            vals = [base64.b64encode(x).decode() for x in flat.tolist()]
        elif base.kind == "M":
            vals = flat.view("i8").tolist()
        elif base.kind == "c":
            vals = [[float(x.real), float(x.imag)] for x in flat.tolist()]
        else:
            vals = flat.tolist()
        out[".".join(path)] = vals

    walk(arr, arr.dtype, [])
    return out


def case_arrays():
    for i, case in enumerate(CASES):
        dtype = dtype_of(case["descr"])
        values = make_values(dtype, case["shape"], i)
        if "fill" in case:
            fill = np.array(tuple(case["fill"]), dtype=dtype)
            values[case["written"]:] = fill
        yield case, dtype, values


def main():
    mode = sys.argv[1]
    if mode == "list":
        out = []
        for case, dtype, values in case_arrays():
            out.append(dict(case, columns=columns(values)))
        print(json.dumps({"cases": out}))
    elif mode == "write":
        root = zarr.open_group(zarr.DirectoryStore(sys.argv[2]), mode="w")
        manifest = []
        for case, dtype, values in case_arrays():
            compressor = numcodecs.get_codec(case["compressor"]) if case["compressor"] else None
            fill = tuple(case["fill"]) if "fill" in case else None
            a = root.create_dataset(case["name"], shape=case["shape"], chunks=case["chunks"], dtype=dtype,
                                    compressor=compressor, fill_value=fill, order=case.get("order", "C"))
            if "written" in case:
                a[: case["written"]] = values[: case["written"]]
            else:
                a[...] = values
            manifest.append(dict(name=case["name"], columns=columns(root[case["name"]][...])))
        with open(os.path.join(sys.argv[2], "manifest.json"), "w") as f:
            json.dump({"arrays": manifest}, f)
    elif mode == "check":
        root = zarr.open_group(zarr.DirectoryStore(sys.argv[2]), mode="r")
        failures, checked = [], 0
        for case, dtype, values in case_arrays():
            a = root[case["name"]]
            if a.dtype != dtype:
                failures.append("%s: dtype %s, expected %s" % (case["name"], a.dtype.descr, dtype.descr))
                continue
            got, want = columns(a[...]), columns(values)
            for k in want:
                if got[k] != want[k]:
                    failures.append("%s.%s: zarr-python reads %s, expected %s" % (case["name"], k, got[k][:8], want[k][:8]))
            checked += 1
        print(json.dumps({"checked": checked, "failures": failures}))


if __name__ == "__main__":
    main()
