"""zarr-python 2.13 side of the SciTex.Zarr benchmark (run by bench/SciTex.Zarr.Bench through /usr/bin/python3).

Writes and reads the same float64 data with the same chunking and codec settings as the .NET side, median of N runs,
and reads a 100x100 window from the shared 1 GiB array through a store wrapper that counts chunk reads.
Prints one JSON object.
"""
import argparse
import json
import os
import shutil
import statistics
import time
from collections.abc import MutableMapping

import numcodecs
import numpy as np
import zarr

COMPRESSORS = {"zstd-3": lambda: numcodecs.Zstd(level=3), "lz4": lambda: numcodecs.LZ4(acceleration=1), "none": lambda: None,
               "blosc-zstd": lambda: numcodecs.Blosc(cname="zstd", clevel=3, shuffle=numcodecs.Blosc.SHUFFLE)}


class CountingStore(MutableMapping):
    """Counts chunk reads (keys that are not metadata) and their bytes."""

    def __init__(self, inner):
        self.inner, self.gets, self.bytes = inner, 0, 0

    def __getitem__(self, key):
        value = self.inner[key]
        if not key.rsplit("/", 1)[-1].startswith("."):
            self.gets += 1
            self.bytes += len(value)
        return value

    def __setitem__(self, key, value):
        self.inner[key] = value

    def __delitem__(self, key):
        del self.inner[key]

    def __iter__(self):
        return iter(self.inner)

    def __len__(self):
        return len(self.inner)

    def __contains__(self, key):
        return key in self.inner


def timed(fn):
    t = time.perf_counter()
    result = fn()
    return time.perf_counter() - t, result


def bench_case(name, data, chunk, work, runs):
    writes, reads = [], []
    path = os.path.join(work, f"py_{name}")
    for run in range(runs + 1):  # run 0 is a warm-up, as on the .NET side
        shutil.rmtree(path, ignore_errors=True)
        z = zarr.open_array(zarr.DirectoryStore(path), mode="w", shape=data.shape, chunks=(chunk,), dtype="<f8",
                            compressor=COMPRESSORS[name](), fill_value=0.0)
        write_seconds = timed(lambda: z.__setitem__(slice(None), data))[0]
        seconds, back = timed(lambda: zarr.open_array(zarr.DirectoryStore(path), mode="r")[:])
        if run > 0:
            writes.append(write_seconds)
            reads.append(seconds)
        if run == 0 and not np.array_equal(back, data):
            raise SystemExit(f"{name}: read-back differs from the data")
    stored = sum(os.path.getsize(os.path.join(path, f)) for f in os.listdir(path))
    return {"write": statistics.median(writes), "read": statistics.median(reads), "stored_bytes": stored}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True)
    p.add_argument("--work", required=True)
    p.add_argument("--chunk", type=int, required=True)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--cases", default="zstd-3,lz4,none")
    p.add_argument("--window", required=True)
    p.add_argument("--window-selection", default="1000:1100,2000:2100")
    a = p.parse_args()
    data = np.fromfile(a.data, dtype="<f8")
    result = {"version": f"zarr {zarr.__version__}, numcodecs {numcodecs.__version__}, numpy {np.__version__}", "cases": {}}
    for name in a.cases.split(","):
        result["cases"][name] = bench_case(name, data, a.chunk, a.work, a.runs)
    (r0, r1), (c0, c1) = [tuple(int(v) for v in axis.split(":")) for axis in a.window_selection.split(",")]
    times = []
    for run in range(a.runs + 1):
        store = CountingStore(zarr.DirectoryStore(a.window))
        z = zarr.open_array(store, mode="r")
        seconds, window = timed(lambda: z[r0:r1, c0:c1])
        if run > 0:
            times.append(seconds)
    result["window"] = {"seconds": statistics.median(times), "chunks": store.gets, "bytes": store.bytes, "sum": float(window.sum())}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
