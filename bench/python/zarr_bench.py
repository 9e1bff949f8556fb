"""zarr-python 2.13 side of the SciTex.Zarr benchmark (run by bench/SciTex.Zarr.Bench through /usr/bin/python3).

Default mode: writes and reads the same float64 data with the same chunking and codec settings as the .NET side
(a warm-up run, then --runs measured runs; every measured time is returned so the .NET side can pair rounds), and
reads a 100x100 window from the shared 1 GiB array through a store wrapper that counts chunk reads.
--scaling mode: walks a hierarchy, reads a group of small arrays, reads one large array with its peak RSS, or
times "import zarr" to the first walk of a store. Prints one JSON object.
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
        os.sync()  # as the .NET side does before its timed writes: nobody else's dirty pages in the way
        write_seconds = timed(lambda: z.__setitem__(slice(None), data))[0]
        seconds, back = timed(lambda: zarr.open_array(zarr.DirectoryStore(path), mode="r")[:])
        if run > 0:
            writes.append(write_seconds)
            reads.append(seconds)
        if run == 0 and not np.array_equal(back, data):
            raise SystemExit(f"{name}: read-back differs from the data")
    stored = sum(os.path.getsize(os.path.join(path, f)) for f in os.listdir(path))
    return {"write": statistics.median(writes), "read": statistics.median(reads), "writes": writes, "reads": reads,
            "stored_bytes": stored}


def rss_kib(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def walk(group):
    """Every node's path, shape and dtype: what Get-ZarrTree reports."""
    nodes = []
    group.visititems(lambda name, node: nodes.append((name, getattr(node, "shape", None), str(getattr(node, "dtype", "")))))
    return nodes


def scaling(a):
    if a.scaling == "tree":
        open_group = zarr.open_consolidated if a.consolidated else (lambda p: zarr.open_group(p, mode="r"))
        seconds, nodes = timed(lambda: walk(open_group(zarr.DirectoryStore(a.path))))
        return {"seconds": seconds, "nodes": len(nodes)}
    if a.scaling == "group":
        group = zarr.open_group(zarr.DirectoryStore(a.path), mode="r")
        seconds, values = timed(lambda: {name: array[:] for name, array in group.arrays()})
        return {"seconds": seconds, "arrays": len(values), "sum": float(sum(v.sum() for v in values.values()))}
    if a.scaling == "read":
        baseline = rss_kib("VmRSS")
        seconds, values = timed(lambda: zarr.open_array(zarr.DirectoryStore(a.path), mode="r")[:])
        return {"seconds": seconds, "bytes": int(values.nbytes), "baseline_kib": baseline, "peak_kib": rss_kib("VmHWM")}
    raise SystemExit(f"unknown --scaling {a.scaling}")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--scaling", choices=["tree", "group", "read"])
    p.add_argument("--path")
    p.add_argument("--consolidated", action="store_true")
    p.add_argument("--data")
    p.add_argument("--work")
    p.add_argument("--chunk", type=int)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--cases", default="zstd-3,lz4,none")
    p.add_argument("--window")
    p.add_argument("--window-selection", default="1000:1100,2000:2100")
    a = p.parse_args()
    if a.scaling:
        print(json.dumps(scaling(a)))
        return
    data = np.fromfile(a.data, dtype="<f8")
    result = {"version": f"zarr {zarr.__version__}, numcodecs {numcodecs.__version__}, numpy {np.__version__}", "cases": {}}
    for name in a.cases.split(","):
        result["cases"][name] = bench_case(name, data, a.chunk, a.work, a.runs)
    if not a.window:
        print(json.dumps(result))
        return
    (r0, r1), (c0, c1) = [tuple(int(v) for v in axis.split(":")) for axis in a.window_selection.split(",")]
    times = []
    for run in range(a.runs + 1):
        store = CountingStore(zarr.DirectoryStore(a.window))
        z = zarr.open_array(store, mode="r")
        seconds, window = timed(lambda: z[r0:r1, c0:c1])
        if run > 0:
            times.append(seconds)
    result["window"] = {"seconds": statistics.median(times), "times": times, "chunks": store.gets, "bytes": store.bytes, "sum": float(window.sum())}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
