"""Element <-> JSON encoding shared by the interop scripts and the C# tests (tests/Unit/Interop/ValueJson.cs).

bool -> true/false; 8/16/32-bit ints -> numbers; 64-bit ints, datetime64, timedelta64 -> decimal strings (exact);
floats -> numbers or "NaN"/"Infinity"/"-Infinity"; complex -> [re, im]; str -> string; fixed bytes (S) -> base64.
"""
import base64
import math

import numpy as np


def encode_float(x):
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


def decode_float(v):
    return {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}.get(v, float(v)) if isinstance(v, str) else float(v)


def encode_array(a):
    """Flat C-order list of JSON values for a numpy array (any rank, any byte order)."""
    a = np.asarray(a)
    a = a.astype(a.dtype.newbyteorder("=")) if a.dtype.kind not in "OSUb" else a
    flat = a.reshape(-1)
    k = a.dtype.kind
    if k == "b":
        return [bool(x) for x in flat]
    if k in "iu":
        return [str(int(x)) if a.dtype.itemsize == 8 else int(x) for x in flat]
    if k in "Mm":
        return [str(int(x)) for x in flat.view("i8")]
    if k == "f":
        return [encode_float(x) for x in flat]
    if k == "c":
        return [[encode_float(x.real), encode_float(x.imag)] for x in flat]
    if k in "OU":
        return [str(x) for x in flat]
    if k == "S":
        return [base64.b64encode(bytes(x)).decode("ascii") for x in flat]
    raise ValueError(f"cannot encode dtype {a.dtype}")


def decode_array(values, dtype, shape):
    """Builds the numpy array a manifest describes."""
    dt = np.dtype(dtype)
    k = dt.kind
    if k in "iu":
        items = [int(v) for v in values]
    elif k in "Mm":
        items = np.array([int(v) for v in values], dtype="i8").view(dt.newbyteorder("="))
    elif k == "f":
        items = [decode_float(v) for v in values]
    elif k == "c":
        items = [complex(decode_float(re), decode_float(im)) for re, im in values]
    elif k == "S":
        items = [base64.b64decode(v) for v in values]
    else:
        items = list(values)
    if k == "O":
        out = np.empty(len(items), dtype=object)
        out[:] = items
    else:
        out = np.array(items, dtype=dt)
    return out.reshape(shape)
