"""zarr 2.13 writes a consolidated v2 directory store: consolidated_write.py OUT_DIR"""
import sys

import numpy as np
import zarr

root = zarr.open_group(sys.argv[1], mode="w")
root.attrs["origin"] = "zarr-2.13"
root.create_dataset("a/x", data=np.arange(12, dtype="<i4").reshape(3, 4), chunks=(2, 2), compressor=zarr.Zstd(level=1))
sub = root.create_group("b")
sub.attrs["k"] = [1, 2]
sub.create_dataset("y", data=np.array([0.5, -1.0, 2.25], dtype="<f8"), chunks=(2,), compressor=None)
zarr.consolidate_metadata(sys.argv[1])
