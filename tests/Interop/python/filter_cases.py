"""numcodecs filters both ways with zarr-python 2.13: one case list, three commands.

  list               prints the cases as JSON (dtype, shape, chunks, order, filters, compressor, fill, input values)
  write OUT          zarr-python writes every case into a v2 directory store OUT with manifest.json (values as read back)
  check DIR          reads the engine's store DIR (manifest.json lists its cases and the values the engine reads back),
                     compares every element with zarr-python's own round trip of the same input, and for cases
                     without a compressor compares every chunk's bytes with what zarr-python writes

usage: /usr/bin/python3 filter_cases.py list | write OUT | check DIR
"""
import json
import math
import os
import sys

import numcodecs
import numpy as np
import zarr

from interop_values import encode_array, decode_array

SHAPE, CHUNKS = [7, 5], [3, 2]


def floats(n, dtype, special=True):
    vals = [math.sin(i * 0.37) * 40 + i * 0.173 - 3 for i in range(n)]
    if special and n > 6:
        vals[1], vals[4], vals[6] = float("nan"), float("inf"), -0.0
    return np.array(vals, dtype=dtype)


def ints(n, dtype, edges=True):
    info = np.iinfo(dtype)
    span = min(int(info.max) - int(info.min), 2000)
    vals = [int(info.min) // 2 + (j * 7919) % span if info.min < 0 else (j * 7919) % span for j in range(n)]
    if edges and n > 4:
        vals[0], vals[1], vals[2] = int(info.min), int(info.max), 0
    return np.array(vals, dtype=dtype)


def data_for(case, n):
    kind = case.get("data", "auto")
    dt = np.dtype(case["dtype"])
    if kind == "bools":
        return np.array([(i * 5) % 3 == 0 for i in range(n)])
    if kind == "labels":
        labels = case["filters"][0]["labels"]
        return np.array([labels[i % len(labels)] if i % 4 else "" for i in range(n)], dtype=object if dt.kind == "O" else dt)
    if kind == "scaled":  # inside the packed range of the fixedscaleoffset case
        lo, hi = case["range"]
        return np.array([lo + (hi - lo) * ((i * 37) % 101) / 100.0 for i in range(n)], dtype=dt)
    if dt.kind == "f":
        return floats(n, dt, special=kind != "finite")
    return ints(n, dt, edges=kind != "small")


def case(name, dtype, filters, compressor=None, order="C", data="auto", fill=0, **extra):
    return dict(name=name, dtype=dtype, filters=filters, compressor=compressor, order=order, data=data, fill=fill, **extra)


def build_cases():
    cases = []
    zstd = {"id": "zstd", "level": 1}
    # delta: integer wrap-around, narrower astype, floats, big-endian, F order
    for dt in ["<i4", "<i8", "|u1", "<u2", "<f8", "<f4", "<f2"]:
        cases.append(case(f"delta_{dt[1:]}", dt, [{"id": "delta", "dtype": dt, "astype": dt}], None))
    cases.append(case("delta_i8_as_i2", "<i8", [{"id": "delta", "dtype": "<i8", "astype": "<i2"}], None, data="small"))
    cases.append(case("delta_i2_as_i1", "<i2", [{"id": "delta", "dtype": "<i2", "astype": "|i1"}], zstd))
    cases.append(case("delta_f8_as_f4", "<f8", [{"id": "delta", "dtype": "<f8", "astype": "<f4"}], None, data="finite"))
    cases.append(case("delta_be_i4", ">i4", [{"id": "delta", "dtype": ">i4", "astype": ">i4"}], None))
    cases.append(case("delta_F_i4", "<i4", [{"id": "delta", "dtype": "<i4", "astype": "<i4"}], zstd, order="F"))
    # fixedscaleoffset: the classic float -> int16 packing, several scales/offsets/dtypes
    for dt, off, scale, ast, lo, hi in [
        ("<f8", 1000, 10, "<i2", 900.0, 1100.0),
        ("<f8", -3.5, 1000, "<i4", -50.0, 50.0),
        ("<f8", 0, 2, "|u1", 0.0, 120.0),
        ("<f4", 20.25, 100, "<i2", -100.0, 100.0),
        ("<f4", 0.5, 3, "|i1", -30.0, 30.0),
        ("<f2", 1, 4, "|i1", -20.0, 20.0),
        ("<f8", 0.1, 0.5, "<f4", -1e5, 1e5),
        ("<i4", 100, 1, "<i2", -20000.0, 20000.0),
        ("<i4", 2, 0.5, "<i2", -20000.0, 20000.0),
        ("<u2", 5, 3, "<u2", 5.0, 20000.0),
    ]:
        label = f"fso_{dt[1:]}_{ast[1:]}_{str(off).replace('-', 'm').replace('.', 'p')}_{str(scale).replace('.', 'p')}"
        cases.append(case(label, dt, [{"id": "fixedscaleoffset", "offset": off, "scale": scale, "dtype": dt, "astype": ast}],
                          zstd if len(cases) % 2 else None, data="scaled", range=[lo, hi], fill=lo))
    cases.append(case("fso_be_f8", ">f8", [{"id": "fixedscaleoffset", "offset": 10, "scale": 100, "dtype": ">f8", "astype": ">i2"}],
                      None, data="scaled", range=[-200.0, 200.0], fill=0))
    # quantize: digits, float16/32/64, narrower astype
    for dt in ["<f8", "<f4"]:
        for digits in [0, 1, 3, 6]:
            cases.append(case(f"quantize_{dt[1:]}_d{digits}", dt, [{"id": "quantize", "digits": digits, "dtype": dt, "astype": dt}], None))
    cases.append(case("quantize_f2_d2", "<f2", [{"id": "quantize", "digits": 2, "dtype": "<f2", "astype": "<f2"}], None))
    cases.append(case("quantize_f8_as_f4", "<f8", [{"id": "quantize", "digits": 2, "dtype": "<f8", "astype": "<f4"}], zstd))
    # bitround: keepbits across each float type's range
    for dt, bits in [("<f4", [0, 1, 7, 22, 23]), ("<f8", [0, 5, 20, 51, 52]), ("<f2", [0, 3, 9, 10])]:
        for keep in bits:
            cases.append(case(f"bitround_{dt[1:]}_k{keep}", dt, [{"id": "bitround", "keepbits": keep}], None))
    # packbits: bool chunks of 6, 2 and 1 elements (padding 2, 6, 7)
    cases.append(case("packbits", "|b1", [{"id": "packbits"}], None, data="bools", fill=False))
    cases.append(case("packbits_zstd_F", "|b1", [{"id": "packbits"}], zstd, order="F", data="bools", fill=True))
    # astype: float narrowing, int wrap, float -> int truncation, int -> float
    cases.append(case("astype_f8_f4", "<f8", [{"id": "astype", "encode_dtype": "<f4", "decode_dtype": "<f8"}], None))
    cases.append(case("astype_i8_i2", "<i8", [{"id": "astype", "encode_dtype": "<i2", "decode_dtype": "<i8"}], None, data="small"))
    cases.append(case("astype_f8_i4", "<f8", [{"id": "astype", "encode_dtype": "<i4", "decode_dtype": "<f8"}], zstd, data="finite"))
    cases.append(case("astype_i4_f8", "<i4", [{"id": "astype", "encode_dtype": "<f8", "decode_dtype": "<i4"}], None))
    cases.append(case("astype_u1_i2", "|u1", [{"id": "astype", "encode_dtype": "<i2", "decode_dtype": "|u1"}], None))
    # categorize: object and fixed-width strings, u1/u2 codes
    cases.append(case("categorize_O_u1", "|O", [{"id": "categorize", "labels": ["ñandú", "b", "ccc", "😀"], "dtype": "|O", "astype": "|u1"}],
                      None, data="labels", fill=""))
    cases.append(case("categorize_U_u2", "<U5", [{"id": "categorize", "labels": ["red", "green", "blue"], "dtype": "<U5", "astype": "<u2"}],
                      zstd, data="labels", fill=""))
    # shuffle as a filter, alone and in chains
    cases.append(case("shuffle_i4", "<i4", [{"id": "shuffle", "elementsize": 4}], None))
    cases.append(case("shuffle_f8_zstd", "<f8", [{"id": "shuffle", "elementsize": 8}], zstd))
    cases.append(case("shuffle_u2_e1", "<u2", [{"id": "shuffle", "elementsize": 1}], None))
    cases.append(case("chain_fso_delta", "<f8", [{"id": "fixedscaleoffset", "offset": 0, "scale": 10, "dtype": "<f8", "astype": "<i2"},
                                                 {"id": "delta", "dtype": "<i2", "astype": "<i2"}], None, data="scaled", range=[-300.0, 300.0]))
    cases.append(case("chain_quantize_shuffle_zlib", "<f4", [{"id": "quantize", "digits": 2, "dtype": "<f4", "astype": "<f4"},
                                                             {"id": "shuffle", "elementsize": 4}], {"id": "zlib", "level": 1}))
    cases.append(case("chain_delta_shuffle_blosc_F", "<i8", [{"id": "delta", "dtype": "<i8", "astype": "<i8"}, {"id": "shuffle", "elementsize": 8}],
                      {"id": "blosc", "cname": "lz4", "clevel": 5, "shuffle": 0, "blocksize": 0}, order="F"))
    # bz2 and adler32 (as compressor, and as a filter before one); numcodecs 0.11 has no fletcher32
    cases.append(case("bz2_f8", "<f8", [], {"id": "bz2", "level": 5}))
    cases.append(case("adler32_i2", "<i2", [], {"id": "adler32"}))
    cases.append(case("delta_adler32_bz2", "<i4", [{"id": "delta", "dtype": "<i4", "astype": "<i4"}, {"id": "adler32"}], {"id": "bz2", "level": 9}))
    return cases


def input_values(c):
    n = int(np.prod(SHAPE))
    return data_for(c, n).reshape(SHAPE)


def create(store, c, path):
    filters = [numcodecs.get_codec(dict(f)) for f in c["filters"]]
    compressor = numcodecs.get_codec(dict(c["compressor"])) if c["compressor"] else None
    dt = np.dtype(c["dtype"])
    kwargs = dict(shape=SHAPE, chunks=CHUNKS, dtype=dt, filters=filters, compressor=compressor, order=c["order"], fill_value=c["fill"],
                  store=store, path=path, overwrite=True)
    if dt.kind == "O" and filters[0].codec_id != "categorize":
        kwargs["object_codec"] = filters.pop(0)
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        z = zarr.create(**kwargs)
        data = input_values(c)
        z[:5] = data[:5]  # rows 5..6 stay unwritten: chunk row 2 is missing (fill), row 5 is fill inside stored chunks
    return z


def cmd_list():
    out = []
    for c in build_cases():
        entry = dict(c)
        entry.update(shape=SHAPE, chunks=CHUNKS, input=encode_array(input_values(c)))
        out.append(entry)
    print(json.dumps({"peer": f"zarr-python {zarr.__version__}, numcodecs {numcodecs.__version__}, numpy {np.__version__}", "cases": out},
                     allow_nan=False))


def cmd_write(out_dir):
    store = zarr.DirectoryStore(out_dir)
    zarr.group(store=store, overwrite=True)
    arrays = []
    for c in build_cases():
        z = create(store, c, c["name"])
        arrays.append({"path": c["name"], "shape": SHAPE, "chunks": CHUNKS, "attrs": {}, "values": encode_array(z[...]), "filters": c["filters"]})
    with open(os.path.join(out_dir, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump({"peer": f"zarr-python {zarr.__version__}, numcodecs {numcodecs.__version__}", "arrays": arrays, "groups": []}, f, allow_nan=False)
    print(f"wrote {len(arrays)} arrays")


def cmd_check(root):
    with open(os.path.join(root, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    cases = {c["name"]: c for c in build_cases()}
    failures, checked, byte_checked = [], 0, 0
    for entry in manifest["arrays"]:
        name = entry["path"]
        try:
            c = cases[name]
            theirs = zarr.open_array(os.path.join(root, name), mode="r")
            got = encode_array(theirs[...])
            mem = zarr.MemoryStore()
            ref = create(mem, c, "a")
            want = encode_array(ref[...])
            if got != want:
                bad = [i for i, (a, b) in enumerate(zip(got, want)) if a != b]
                failures.append(f"{name}: {len(bad)} elements differ from zarr-python's own round trip, e.g. [{bad[0] if bad else '?'}] "
                                f"got {got[bad[0]] if bad else None!r} want {want[bad[0]] if bad else None!r}")
            if got != entry["values"]:
                failures.append(f"{name}: zarr-python reads different values from what the engine reads back")
            if [f.get_config() for f in (theirs.filters or [])] != [f.get_config() for f in (ref.filters or [])]:
                failures.append(f"{name}: filters {theirs.filters} != {ref.filters}")
            if c["compressor"] is None:
                for key in sorted(k for k in mem.keys() if k.startswith("a/") and not k.split("/")[-1].startswith(".")):
                    chunk = key.split("/", 1)[1]
                    path = os.path.join(root, name, chunk)
                    if not os.path.exists(path):
                        failures.append(f"{name}: chunk {chunk} missing")
                        continue
                    with open(path, "rb") as f:
                        mine = f.read()
                    if mine != mem[key]:
                        failures.append(f"{name}: chunk {chunk} bytes differ ({len(mine)} vs {len(mem[key])} bytes)")
                    byte_checked += 1
            checked += 1
        except Exception as e:
            failures.append(f"{name}: {type(e).__name__}: {e}")
    print(json.dumps({"peer": f"zarr-python {zarr.__version__}, numcodecs {numcodecs.__version__}", "checked": checked,
                      "chunks_compared": byte_checked, "failures": failures}))


if __name__ == "__main__":
    {"list": lambda: cmd_list(), "write": lambda: cmd_write(sys.argv[2]), "check": lambda: cmd_check(sys.argv[2])}[sys.argv[1]]()
