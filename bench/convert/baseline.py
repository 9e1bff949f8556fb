"""The Python baseline: h5py reads the dataset one chunk row at a time, zarr-python 2.13 writes it (format 2,
same chunks, zstd level 3). Prints JSON: seconds and peak RSS (MiB)."""
import json
import resource
import sys
import time

import h5py
import numcodecs
import zarr


def main():
    source, store, name = sys.argv[1], sys.argv[2], sys.argv[3]
    start = time.perf_counter()
    with h5py.File(source, "r") as f:
        d = f[name]
        chunks = d.chunks or d.shape
        z = zarr.open(store, mode="w", shape=d.shape, chunks=chunks, dtype=d.dtype, compressor=numcodecs.Zstd(level=3))
        step = chunks[0]
        for i in range(0, d.shape[0], step):
            z[i:i + step] = d[i:i + step]
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mib": peak}))


if __name__ == "__main__":
    main()
