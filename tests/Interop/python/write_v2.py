"""zarr-python 2.13 -> SciTex.Zarr: writes a v2 store over a dtype x compressor x order x separator matrix
(edge chunks, missing chunks, 0-d, 1-element, empty, big-endian, groups with .zattrs) and a manifest.json
whose values are what zarr-python itself reads back.

usage: /usr/bin/python3 write_v2.py OUT_DIR
"""
import json
import os
import sys

import numcodecs
import numpy as np
import zarr

from interop_values import encode_array

DTYPES = ["|b1", "|i1", "<i2", "<i4", "<i8", "|u1", "<u2", "<u4", "<u8", "<f2", "<f4", "<f8",
          "<c8", "<c16", "|O", "<U6", "|S5", "<M8[ns]", "<m8[s]"]
BIG_ENDIAN = ["|b1", ">i2", ">i4", ">i8", ">u2", ">u4", ">u8", ">f2", ">f4", ">f8", ">c8", ">c16", ">U6", ">M8[ns]", ">m8[s]"]

COMPRESSORS = {
    "none": None,
    "zstd": numcodecs.Zstd(level=3),
    "lz4": numcodecs.LZ4(),
    "gzip": numcodecs.GZip(level=5),
    "zlib": numcodecs.Zlib(level=5),
    "blosc-lz4": numcodecs.Blosc(cname="lz4", clevel=5, shuffle=numcodecs.Blosc.SHUFFLE),
    "blosc-zstd": numcodecs.Blosc(cname="zstd", clevel=3, shuffle=numcodecs.Blosc.BITSHUFFLE),
}

# Non-default fill values, as zarr 2.13 writes them (NaN, -Infinity, NaT, base64 bytes, [re, im]).
FILLS = {"b": True, "i": -7, "u": 7, "M": np.datetime64("NaT"), "m": -1, "O": "", "U": "ab", "S": b"xy"}
FLOAT_FILLS = {2: 1.5, 4: -np.inf, 8: np.nan}


def fill_for(dt):
    if dt.kind == "f":
        return FLOAT_FILLS[dt.itemsize]
    if dt.kind == "c":
        return complex(1.0, -2.0)
    return FILLS[dt.kind]


def sample(dt, n):
    """n deterministic values with the type's edge cases first."""
    k = dt.kind
    i = np.arange(n)
    if k == "b":
        return i % 3 == 0
    if k in "iu":
        info = np.iinfo(dt)
        edges = [info.min, info.max, 0, 1]
        span = min(int(info.max) - int(info.min), 1000)
        vals = [int(info.min) + (j * 37) % span for j in range(n)]
        vals[: min(n, 4)] = edges[: min(n, 4)]
        return np.array(vals, dtype=dt)
    if k == "f":
        edges = [np.nan, np.inf, -np.inf, -0.0, np.finfo(dt).tiny, np.finfo(dt).max]
        vals = list(i * 0.37 - 3.0)
        vals[: min(n, 6)] = edges[: min(n, 6)]
        return np.array(vals, dtype=dt)
    if k == "c":
        vals = (i * 0.5 - 1) + 1j * (-i * 0.25)
        if n:
            vals[0] = complex(np.nan, 1.0)
        return vals.astype(dt)
    if k in "OU":
        words = ["héllo", "", "✓", "a😀b", "zarr", "ab", "x"]
        return np.array([words[j % len(words)] + (str(j) if k == "O" else "")[:1] for j in range(n)], dtype=object if k == "O" else dt)
    if k == "S":
        words = [b"ab", b"hello", b"", b"a\x01b", b"\x00z"]
        return np.array([words[j % len(words)] for j in range(n)], dtype=dt)
    if k == "M":
        vals = np.array([1_700_000_000_000_000_000 + j * 123_456_789 for j in range(n)], dtype="i8")
        if n > 1:
            vals[1] = np.iinfo("i8").min  # NaT
        return vals.view(dt.newbyteorder("=")).astype(dt)
    if k == "m":
        return np.array([(j - 5) * 3600 for j in range(n)], dtype="i8").view(dt.newbyteorder("=")).astype(dt)
    raise ValueError(dt)


def safe(name):
    return name.replace("|", "").replace("<", "le_").replace(">", "be_").replace("[", "_").replace("]", "")


def make(root, manifest, path, dtype, shape, chunks, compressor, order, sep, write_rows=None, attrs=None):
    dt = np.dtype(dtype)
    kwargs = dict(shape=shape, chunks=chunks, dtype=dt, compressor=COMPRESSORS[compressor], order=order,
                  fill_value=fill_for(dt), dimension_separator=sep)
    if dt.kind == "O":
        kwargs["object_codec"] = numcodecs.VLenUTF8()
    z = root.create_dataset(path, **kwargs)
    n = int(np.prod(shape)) if shape else 1
    data = sample(dt, n).reshape(shape)
    if shape == ():
        z[...] = data
    elif write_rows is None:
        z[...] = data
    elif write_rows > 0:
        z[:write_rows] = data[:write_rows]  # later chunks stay missing -> fill
    if attrs:
        z.attrs.update(attrs)
    manifest.append({
        "path": path, "dtype": dt.str if dt.kind != "O" else "|O", "shape": list(shape), "chunks": list(chunks),
        "order": order, "separator": sep,
        # zarr 2.13 drops the compressor of 0-d arrays; record what was really written.
        "compressor": compressor if z.compressor is not None else "none",
        "values": encode_array(z[...]), "attrs": attrs or {},
    })


def main(out):
    store = zarr.DirectoryStore(out)
    root = zarr.group(store=store, overwrite=True)
    root.attrs.update({"title": "zarr-python 2.13 interop", "nested": {"n": [1, 2.5, None, "ü"]}})
    arrays, groups = [], [{"path": "", "attrs": dict(root.attrs)}]
    for comp in COMPRESSORS:
        g = root.create_group(comp)
        g.attrs["compressor"] = comp
        groups.append({"path": comp, "attrs": {"compressor": comp}})
        for dtype in DTYPES:
            for order in "CF":
                for sep in "./":
                    # 7x5 in 3x2 chunks: edge chunks on both axes; rows 5..6 unwritten -> chunk row 2 missing, row 5 fill inside a stored chunk.
                    make(root, arrays, f"{comp}/{safe(dtype)}_{order}{'dot' if sep == '.' else 'slash'}", dtype,
                         (7, 5), (3, 2), comp, order, sep, write_rows=5)
    root.create_group("shapes")
    root.create_group("bigendian")
    groups += [{"path": "shapes", "attrs": {}}, {"path": "bigendian", "attrs": {}}]
    for dtype in DTYPES:
        s = safe(dtype)
        make(root, arrays, f"shapes/{s}_0d", dtype, (), (), "zstd", "C", ".")
        make(root, arrays, f"shapes/{s}_one", dtype, (1,), (1,), "none", "C", "/")
        make(root, arrays, f"shapes/{s}_empty", dtype, (0, 4), (2, 2), "zstd", "C", ".")
        make(root, arrays, f"shapes/{s}_3d", dtype, (4, 3, 5), (3, 2, 2), "zstd", "F", "/", attrs={"dtype": dtype})
        make(root, arrays, f"shapes/{s}_allfill", dtype, (5,), (2,), "zstd", "C", ".", write_rows=0)
    for dtype in BIG_ENDIAN:
        for comp, order in (("none", "C"), ("zstd", "F"), ("blosc-lz4", "C")):
            make(root, arrays, f"bigendian/{safe(dtype)}_{comp}_{order}", dtype, (7, 5), (3, 2), comp, order, "/", write_rows=5)
    with open(os.path.join(out, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump({"peer": f"zarr-python {zarr.__version__}, numcodecs {numcodecs.__version__}, numpy {np.__version__}",
                   "arrays": arrays, "groups": groups}, f, ensure_ascii=False, allow_nan=False)
    print(f"wrote {len(arrays)} arrays, {len(groups)} groups")


if __name__ == "__main__":
    main(sys.argv[1])
