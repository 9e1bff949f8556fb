"""zarr 2.13 opens a store SciTex.Zarr consolidated, through .zmetadata only: consolidated_read.py DIR_OR_ZIP

Prints the nodes .zmetadata lists and every array's values as JSON.
"""
import json
import sys

import zarr

path = sys.argv[1]
store = zarr.ZipStore(path, mode="r") if path.endswith(".zip") else zarr.DirectoryStore(path)
root = zarr.open_consolidated(store, mode="r")
out = {"attrs": dict(root.attrs), "groups": [], "arrays": {}}
def visit(name, node):
    if isinstance(node, zarr.Array):
        out["arrays"][name] = {"shape": list(node.shape), "dtype": str(node.dtype), "values": node[...].ravel().tolist()}
    else:
        out["groups"].append(name)
root.visititems(visit)
print(json.dumps(out))
