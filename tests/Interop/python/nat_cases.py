"""NaT both ways: `write OUT` stores datetime64/timedelta64 arrays holding NaT with zarr-python 2.13; `check DIR KEY...`
prints, per array, its elements as int64 (NaT = -9223372036854775808) and its dtype.

usage: /usr/bin/python3 nat_cases.py write OUT | check DIR KEY...
"""
import json
import sys

import numpy as np
import zarr


def main():
    if sys.argv[1] == "write":
        root = zarr.open_group(sys.argv[2], mode="w")
        root.create_dataset("ns", data=np.array(["2024-01-02T03:04:05.123456789", "NaT", "1970-01-01"], dtype="M8[ns]"))
        root.create_dataset("s", data=np.array(["NaT", "2000-02-29T12:00:00"], dtype="M8[s]"))
        root.create_dataset("clean", data=np.array(["2001-01-01", "2002-02-02"], dtype="M8[D]"))
        root.create_dataset("td", data=np.array([3600, "NaT", -5], dtype="m8[s]"))
        root.create_dataset("scalar", data=np.array(np.datetime64("NaT", "ns")), shape=())
        print("ok")
    else:
        out = {}
        for key in sys.argv[3:]:
            z = zarr.open_array(f"{sys.argv[2]}/{key}", mode="r")
            out[key] = {"dtype": z.dtype.str, "values": [str(v) for v in z[...].reshape(-1).view("i8")]}
        print(json.dumps(out))


main()
