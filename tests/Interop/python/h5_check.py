"""Checks a Zarr store converted from an HDF5 file, value by value, with zarr-python (format 2).

Usage: h5_check.py FILE.h5 STORE.zarr
Both sides are loaded the way SciTeX's loaders do: a group becomes a dict of its children plus "_attr_<name>"
entries for its attributes; a dataset becomes its value (a 0-d one a scalar). Strings are compared decoded.
Prints "OK <n> datasets" or exits non-zero naming the first difference.
"""
import sys

import h5py
import numpy as np
import zarr


def norm(value):
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, np.ndarray) and value.dtype.kind in "OS":  # fixed-length ASCII/UTF-8 strings convert to text
        return np.array([v.decode("utf-8") if isinstance(v, bytes) else v for v in value.ravel()], dtype=object).reshape(value.shape)
    return value


def load_h5(node):
    if isinstance(node, h5py.Group):
        out = {k: load_h5(node[k]) for k in node.keys()}
        out.update({f"_attr_{k}": norm(v) for k, v in node.attrs.items()})
        return out
    return norm(node[()])


def load_zarr(node):
    if isinstance(node, zarr.hierarchy.Group):
        out = {k: load_zarr(node[k]) for k in node.keys()}
        out.update({f"_attr_{k}": v for k, v in node.attrs.items()})
        return out
    return norm(node[()] if node.ndim == 0 else node[:])


def compare(path, a, b, counter):
    if isinstance(a, dict):
        assert isinstance(b, dict), f"{path}: group vs {type(b)}"
        assert sorted(a) == sorted(b), f"{path}: keys {sorted(a)} vs {sorted(b)}"
        for k in a:
            compare(f"{path}/{k}", a[k], b[k], counter)
        return
    if path.rsplit("/", 1)[-1].startswith("_attr_"):
        av = a.tolist() if isinstance(a, np.ndarray) else (a.item() if isinstance(a, np.generic) else a)
        assert av == b, f"{path}: attribute {av!r} vs {b!r}"
        return
    counter[0] += 1
    if isinstance(a, np.ndarray):
        assert isinstance(b, np.ndarray), f"{path}: array vs {type(b)}"
        assert a.shape == b.shape, f"{path}: shape {a.shape} vs {b.shape}"
        if a.dtype.kind != "O":
            assert a.dtype.newbyteorder("=") == b.dtype.newbyteorder("="), f"{path}: dtype {a.dtype} vs {b.dtype}"
        assert np.array_equal(a, b), f"{path}: values differ"
    else:
        assert type(norm(b)) is not np.ndarray or b.ndim == 0, f"{path}: scalar vs array"
        if isinstance(a, np.generic):
            assert np.dtype(type(a)) == np.asarray(b).dtype, f"{path}: dtype {np.dtype(type(a))} vs {np.asarray(b).dtype}"
        assert a == b, f"{path}: {a!r} vs {b!r}"


def main():
    with h5py.File(sys.argv[1], "r") as f:
        expected = load_h5(f)
    actual = load_zarr(zarr.open_group(sys.argv[2], mode="r"))
    counter = [0]
    compare("", expected, actual, counter)
    print(f"OK {counter[0]} datasets")


if __name__ == "__main__":
    main()
