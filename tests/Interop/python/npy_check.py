"""Checks arrays converted from .npy/.npz files against numpy, value by value, with zarr-python (format 2).

Usage: npy_check.py STORE.zarr NAME=FILE.npy ... [GROUP=FILE.npz ...]
Prints "OK <n> arrays" or exits non-zero naming the first difference.
"""
import sys

import numpy as np
import zarr


def check(name, expected, actual):
    assert expected.shape == actual.shape, f"{name}: shape {expected.shape} vs {actual.shape}"
    assert expected.dtype.newbyteorder("=") == actual.dtype.newbyteorder("="), f"{name}: dtype {expected.dtype} vs {actual.dtype}"
    assert np.array_equal(expected, actual), f"{name}: values differ"


def main():
    root = zarr.open_group(sys.argv[1], mode="r")
    count = 0
    for spec in sys.argv[2:]:
        name, path = spec.split("=", 1)
        if path.endswith(".npz"):
            with np.load(path) as archive:
                for member in archive.files:
                    check(f"{name}/{member}", archive[member], root[name][member][()])
                    count += 1
        else:
            check(name, np.load(path), root[name][()])
            count += 1
    print(f"OK {count} arrays")


if __name__ == "__main__":
    main()
