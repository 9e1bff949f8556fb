"""zarr 2.13 writes a zip store for SciTex.Zarr to read: zip_write.py OUT.zip

Rewrites one key on purpose: zarr's ZipStore appends, leaving a duplicate entry whose LAST copy is current.
"""
import sys
import warnings

import numpy as np
import zarr

store = zarr.ZipStore(sys.argv[1], mode="w")
root = zarr.group(store=store)
root.attrs["title"] = "first"
grid = root.create_dataset("g/grid", data=np.arange(35, dtype="<f8").reshape(7, 5) * 1.5, chunks=(3, 2),
                           compressor=zarr.Zstd(level=3))
names = root.create_dataset("names", data=np.array(["a", "héllo", "", "z"], dtype=object),
                            object_codec=zarr.VLenUTF8(), chunks=(3,), compressor=None)
with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # "Duplicate name" is the point
    root.attrs["title"] = "second"
store.close()
