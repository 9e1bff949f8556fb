"""Region writes and appends against zarr-python 2.13.

usage: /usr/bin/python3 region_interop.py make DIR   -- creates DIR/a (int32 10x4, chunks 4x4, zlib, values 0..39)
       /usr/bin/python3 region_interop.py read DIR   -- prints {"shape": [...], "values": [[...], ...]} of DIR/a
"""
import json
import sys

import numcodecs
import numpy as np
import zarr

mode, root = sys.argv[1], sys.argv[2]
if mode == "make":
    z = zarr.open_array(root + "/a", mode="w", shape=(10, 4), chunks=(4, 4), dtype="<i4", compressor=numcodecs.Zlib(level=1), fill_value=0)
    z[:] = np.arange(40, dtype="<i4").reshape(10, 4)
    zarr.open_group(root, mode="a")  # the root group
else:
    z = zarr.open_array(root + "/a", mode="r")
    print(json.dumps({"shape": list(z.shape), "values": z[:].tolist()}))
