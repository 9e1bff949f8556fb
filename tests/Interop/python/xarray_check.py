"""xarray (Debian's 2023.01 over zarr-python 2.13) as an interop peer.

  xarray_check.py dump <store> <consolidated: 0|1> [group]   open with xr.open_zarr, print the dataset as JSON
  xarray_check.py write <store>                      write the reference CF dataset with to_zarr, print it decoded as JSON

JSON values are flat lists (C order) with NaN as "NaN", complex as [re, im], datetime64/timedelta64 as
100 ns ticks (since 1970 for datetimes) and None for NaT, bytes as hex.
"""
import json
import sys
import warnings

import numpy as np
import xarray as xr

warnings.simplefilter("ignore")


def ticks(values, kind):
    unit, count = np.datetime_data(values.dtype)
    per_ns = {"D": 86400 * 10**9, "h": 3600 * 10**9, "m": 60 * 10**9, "s": 10**9, "ms": 10**6, "us": 10**3, "ns": 1}[unit] * count
    raw = values.view("int64").ravel().tolist()
    nat = np.iinfo(np.int64).min
    return [None if r == nat else (r * per_ns) // 100 for r in raw]


def plain(values):
    values = np.asarray(values)
    kind = values.dtype.kind
    if kind in "Mm":
        return ticks(values, kind)
    if kind == "c":
        return [[float(v.real), float(v.imag)] for v in values.ravel()]
    if kind == "f":
        return [("NaN" if np.isnan(v) else float(v)) for v in values.ravel().tolist()]
    if kind == "S":
        return [v.hex() for v in values.ravel().tolist()]
    if kind == "O":
        return [v.hex() if isinstance(v, bytes) else v for v in values.ravel().tolist()]
    return values.ravel().tolist()


def attr(value):
    if isinstance(value, np.ndarray):
        return plain(value)
    if isinstance(value, np.generic):
        return plain(np.asarray(value))[0]
    if isinstance(value, float) and np.isnan(value):
        return "NaN"
    if isinstance(value, (list, tuple)):
        return [attr(v) for v in value]
    return value


def variable(v):
    return {
        "dims": list(v.dims),
        "dtype": str(v.dtype),
        "shape": list(v.shape),
        "attrs": {k: attr(a) for k, a in v.attrs.items()},
        "values": plain(v.values),
    }


def dump(ds):
    return {
        "dims": {k: int(n) for k, n in ds.dims.items()},
        "attrs": {k: attr(a) for k, a in ds.attrs.items()},
        "coords": sorted(ds.coords),
        "indexes": sorted(ds.indexes),
        "variables": {name: variable(v) for name, v in ds.variables.items()},
    }


def reference():
    """A small CF dataset: coordinates, a CF time coordinate, a packed int16 with _FillValue, a float with NaN."""
    time = np.array(["2000-01-01T00:00", "2000-01-01T06:00", "2000-01-02T00:00", "2001-03-04T12:00"], dtype="datetime64[ns]")
    channel = np.array(["a", "b", "c"], dtype=object)
    temperature = np.array([[20.5, 21.0, np.nan], [-3.25, 0.0, 1.5], [10.0, np.nan, 12.75], [0.5, 1.0, 2.0]])
    ds = xr.Dataset(
        {
            "temperature": (("time", "channel"), temperature, {"long_name": "air temperature", "units": "degC"}),
            "rate": ("time", np.array([1.5, np.nan, 2.5, 3.0], dtype="float32")),
            "count": ("channel", np.array([0, 7, -2], dtype="int32")),
        },
        coords={"time": time, "channel": channel, "height": ("channel", np.array([1.0, 2.0, 4.0]))},
        attrs={"title": "xarray reference", "history": "written by xarray_check.py"},
    )
    ds["temperature"].encoding = {"dtype": "int16", "scale_factor": 0.25, "add_offset": 10.0, "_FillValue": -32768}
    ds["time"].encoding = {"units": "hours since 2000-01-01", "calendar": "proleptic_gregorian", "dtype": "int64"}
    return ds


def main():
    command = sys.argv[1]
    if command == "dump":
        group = sys.argv[4] if len(sys.argv) > 4 else None
        ds = xr.open_zarr(sys.argv[2], consolidated=sys.argv[3] == "1", group=group)
        print(json.dumps(dump(ds)))
    elif command == "write":
        reference().to_zarr(sys.argv[2], mode="w", consolidated=True)
        print(json.dumps(dump(xr.open_zarr(sys.argv[2], consolidated=True))))
    else:
        sys.exit(f"unknown command {command}")


if __name__ == "__main__":
    main()
