"""Writes .npy/.npz test inputs with numpy. Usage: npy_make.py OUTDIR

Every dtype Zarr has, in C and Fortran order and both byte orders, plus .npz archives (stored and deflated),
an object array, a structured array and a truncated file. A manifest (manifest.txt) lists name, dtype and shape.
"""
import os
import sys

import numpy as np

DTYPES = ["|b1", "|i1", "<i2", ">i2", "<i4", ">i4", "<i8", ">i8", "|u1", "<u2", ">u2", "<u4", ">u4", "<u8", ">u8",
          "<f2", ">f2", "<f4", ">f4", "<f8", ">f8", "<c8", ">c8", "<c16", ">c16", "<U3", ">U3", "|S4", "|V2",
          "<M8[ns]", ">M8[D]", "<m8[s]"]


def values(dtype, shape):
    n = int(np.prod(shape))
    i = np.arange(n)
    d = np.dtype(dtype)
    if d.kind == "b":
        v = i % 3 == 0
    elif d.kind in "iu":
        v = (i * 7) % 100 - (50 if d.kind == "i" else 0)
    elif d.kind == "f":
        v = i / 4 - 3
    elif d.kind == "c":
        v = i / 2 + 1j * (i - 1)
    elif d.kind == "U":
        v = np.array([str(x)[-3:] for x in i])
    elif d.kind == "S":
        v = np.array([str(x * 11).encode()[-4:] for x in i])
    elif d.kind == "V":
        v = np.frombuffer(np.arange(2 * n, dtype="u1").tobytes(), dtype="V2")
    else:  # M, m
        v = i * 3 - 5
    return np.asarray(v).astype(d).reshape(shape)


def safe(dtype):
    return dtype.replace("<", "le_").replace(">", "be_").replace("|", "").replace("[", "_").replace("]", "")


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    manifest = []
    for dtype in DTYPES:
        for order in "CF":
            shape = (5, 4, 3) if order == "F" else (7, 6)
            a = values(dtype, shape)
            a = np.asfortranarray(a) if order == "F" else np.ascontiguousarray(a)
            name = f"{safe(dtype)}_{order}"
            np.save(os.path.join(out, name + ".npy"), a)
            manifest.append(f"{name} {dtype} {order}")
    np.save(os.path.join(out, "scalar.npy"), np.float64(2.5))
    np.save(os.path.join(out, "empty.npy"), np.zeros((0, 4), dtype="<i4"))
    big = np.arange(300_000, dtype="<f8").reshape(1000, 300)
    np.save(os.path.join(out, "wide.npy"), big)
    np.save(os.path.join(out, "wide_f.npy"), np.asfortranarray(big))
    members = {"a": np.arange(12, dtype="<i4").reshape(3, 4), "b": np.array(["x", "yz"]), "c": np.asfortranarray(big[:200]),
               "s": np.float32(1.5)}
    np.savez(os.path.join(out, "plain.npz"), **members)
    np.savez_compressed(os.path.join(out, "packed.npz"), **members)
    np.save(os.path.join(out, "objects.npy"), np.array([1, "a", None], dtype=object), allow_pickle=True)
    np.save(os.path.join(out, "records.npy"), np.zeros(3, dtype=[("a", "<i4"), ("b", "<f8")]))
    with open(os.path.join(out, "wide.npy"), "rb") as src, open(os.path.join(out, "truncated.npy"), "wb") as dst:
        dst.write(src.read(200_000))
    with open(os.path.join(out, "packed.npz"), "rb") as src, open(os.path.join(out, "truncated.npz"), "wb") as dst:
        dst.write(src.read(3000))
    with open(os.path.join(out, "manifest.txt"), "w") as m:
        m.write("\n".join(manifest) + "\n")


if __name__ == "__main__":
    main()
