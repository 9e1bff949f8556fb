"""Writes the benchmark input: one float64 dataset 'data' of MIB mebibytes, chunks (256, 1024), with h5py.
Usage: make_input.py OUT.h5 MIB gzip|none. Values: (index % 100003) * 0.25 (must match Program.cs)."""
import sys

import h5py
import numpy as np


def main():
    path, mib, compression = sys.argv[1], float(sys.argv[2]), sys.argv[3]
    rows = int(mib * 1024 * 1024 / 8 / 1024)
    options = dict(compression="gzip", compression_opts=1, shuffle=True) if compression == "gzip" else {}
    with h5py.File(path, "w") as f:
        d = f.create_dataset("data", shape=(rows, 1024), dtype="f8", chunks=(256, 1024), **options)
        step = 8192
        for start in range(0, rows, step):
            stop = min(rows, start + step)
            d[start:stop] = ((np.arange(start * 1024, stop * 1024, dtype=np.int64) % 100003) * 0.25).reshape(-1, 1024)


if __name__ == "__main__":
    main()
