"""Writes HDF5 test inputs with h5py. Usage: h5_make.py KIND OUT.h5 [MiB]

KIND: tree (groups, filters, scalar/string/bool/complex datasets, attributes), big (one chunked gzip+shuffle
float64 dataset of about MiB mebibytes, values = index), lzf, compound, vlen_sequence, szip_like (unknown filter).
Values follow formulas the C# tests recompute, so both sides can check value by value.
"""
import sys

import h5py
import numpy as np


def tree(path):
    with h5py.File(path, "w") as f:
        f.attrs["title"] = "demo"
        f.attrs["count"] = np.int32(7)
        f.attrs["ratio"] = 0.25
        f.attrs["flags"] = np.array([True, False])
        f.attrs["vector"] = np.arange(3.0)
        f.attrs["matrix"] = np.arange(6, dtype="i8").reshape(2, 3)
        f.attrs["names"] = np.array(["a", "bc"], dtype=h5py.string_dtype())
        f.attrs["fixed"] = np.bytes_(b"xyz")
        g = f.create_group("session1/run1")
        g.attrs["subject"] = "S01"
        sig = g.create_dataset("signal", data=np.arange(200 * 30, dtype="f8").reshape(200, 30) / 4,
                               chunks=(64, 7), compression="gzip", shuffle=True, fletcher32=True)
        sig.attrs["unit"] = "mV"
        g.create_dataset("counts", data=(np.arange(1000) % 251).astype("u1"), chunks=(100,), compression="gzip")
        g.create_dataset("big_endian", data=np.arange(50, dtype=">i4") - 25)
        f.create_dataset("scalar", data=3.5)
        f.create_dataset("int_scalar", data=np.int64(-42))
        f.create_dataset("text", data="hello wörld")
        f.create_dataset("texts", data=np.array(["x", "yy", "zzz", ""], dtype=h5py.string_dtype()))
        f.create_dataset("fixed_strings", data=np.array([b"ab", b"cde", b""], dtype="S3"))
        f.create_dataset("bools", data=np.array([True, False, True]))
        f.create_dataset("complex", data=np.array([1 + 2j, 3 - 4j], dtype="c16"))
        f.create_dataset("complex64", data=np.array([0.5 - 1j], dtype="c8"))
        f.create_dataset("half", data=np.arange(5, dtype="f2"))
        f.create_dataset("empty", shape=(0, 3), dtype="i2")
        f.create_dataset("cube", data=np.arange(4 * 5 * 6, dtype="i2").reshape(4, 5, 6), chunks=(3, 2, 4),
                         compression="gzip", compression_opts=9)
        f.create_group("empty_group")


def big(path, mib):
    rows = int(mib * 1024 * 1024 / 8 / 1024)
    with h5py.File(path, "w") as f:
        d = f.create_dataset("data", shape=(rows, 1024), dtype="f8", chunks=(256, 1024),
                             compression="gzip", compression_opts=1, shuffle=True)
        step = 8192
        for start in range(0, rows, step):
            stop = min(rows, start + step)
            d[start:stop] = np.arange(start * 1024, stop * 1024, dtype="f8").reshape(-1, 1024)


def main():
    kind, path = sys.argv[1], sys.argv[2]
    if kind == "tree":
        tree(path)
    elif kind == "big":
        big(path, float(sys.argv[3]))
    elif kind == "lzf":
        with h5py.File(path, "w") as f:
            f.create_dataset("x", data=np.arange(10000, dtype="i4") % 97, chunks=(1000,), compression="lzf", shuffle=True)
            f.create_dataset("noise", data=np.random.default_rng(1).integers(0, 255, 5000, dtype="u1"), chunks=(1000,), compression="lzf")
    elif kind == "compound":
        with h5py.File(path, "w") as f:
            f.create_dataset("ok", data=np.arange(3))
            f.create_dataset("records", data=np.zeros(3, dtype=[("a", "i4"), ("b", "f8")]))
    elif kind == "vlen_sequence":
        with h5py.File(path, "w") as f:
            d = f.create_dataset("ragged", (2,), dtype=h5py.vlen_dtype(np.int32))
            d[0] = [1, 2]
            d[1] = [3]
    elif kind == "szip_like":
        # A dataset whose pipeline names a filter no reader here has (id 32001, HDF5's Blosc plugin id); the
        # low-level API records it without needing the plugin because the filter is optional and nothing is written.
        with h5py.File(path, "w") as f:
            dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
            dcpl.set_chunk((10,))
            dcpl.set_filter(32001, h5py.h5z.FLAG_OPTIONAL, (0, 0, 0, 0))
            space = h5py.h5s.create_simple((20,))
            h5py.h5d.create(f.id, b"blosc_data", h5py.h5t.NATIVE_INT32, space, dcpl)
    else:
        raise SystemExit(f"unknown kind {kind}")


if __name__ == "__main__":
    main()
