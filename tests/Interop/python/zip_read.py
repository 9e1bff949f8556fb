"""zarr 2.13 reads a zip store SciTex.Zarr wrote and prints every array as JSON: zip_read.py IN.zip"""
import json
import sys
import zipfile

import zarr

with zipfile.ZipFile(sys.argv[1]) as archive:
    methods = sorted({info.compress_type for info in archive.infolist()})
store = zarr.ZipStore(sys.argv[1], mode="r")
root = zarr.open_group(store=store, mode="r")
out = {"compress_types": methods, "attrs": dict(root.attrs), "arrays": {}}
root.visititems(lambda path, node: out["arrays"].__setitem__(path, {
    "shape": list(node.shape), "dtype": str(node.dtype), "values": node[...].ravel().tolist(),
    "attrs": dict(node.attrs)}) if isinstance(node, zarr.Array) else None)
store.close()
print(json.dumps(out))
