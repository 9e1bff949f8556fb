"""Prints every array of a v2 store as JSON: {name: {"filters": [...], "values": flat list}} (NaN as "NaN").

usage: /usr/bin/python3 read_values.py STORE
"""
import json
import math
import sys

import zarr

out = {}
for name, array in zarr.open_group(zarr.DirectoryStore(sys.argv[1]), mode="r").arrays():
    values = [("NaN" if isinstance(v, float) and math.isnan(v) else v) for v in array[...].reshape(-1).tolist()]
    out[name] = {"filters": [f.get_config() for f in (array.filters or [])], "values": values}
print(json.dumps(out))
