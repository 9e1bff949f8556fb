"""Python -> .NET pickle interop cases for SciTex.Zarr's PickleReader.

usage:
  pickle_cases.py OUTDIR                writes <case>.p<protocol>.pkl for protocols 0-5 and expected.txt
  pickle_cases.py --evil OUTDIR PREFIX  writes pickles whose loading would create files PREFIX-<kind>

expected.txt holds one line per case, "<case>\t<description>", describing the .NET value the reader must
return (see describe()); the C# test renders what it read in the same notation and compares the strings.
"""
import math
import os
import pickle
import struct
import sys

import numpy as np

PROTOCOLS = range(0, 6)

NET_NAMES = {
    'b1': 'bool', 'i1': 'sbyte', 'u1': 'byte', 'i2': 'short', 'u2': 'ushort', 'i4': 'int', 'u4': 'uint',
    'i8': 'long', 'u8': 'ulong', 'f2': 'half', 'f4': 'single', 'f8': 'double', 'c8': 'complex', 'c16': 'complex',
}


def bits(fmt, value):
    return struct.pack('>' + fmt, value).hex()


def describe_numpy_scalar(v):
    kind_size = v.dtype.kind + str(v.dtype.itemsize)
    if v.dtype.kind == 'U':
        return describe(str(v))
    name = NET_NAMES[kind_size]
    if name == 'bool':
        return 'bool:%s' % bool(v)
    if v.dtype.kind in 'iu':
        return '%s:%d' % (name, int(v))
    if name == 'half':
        return 'half:' + bits('e', float(v))
    if name == 'single':
        return 'single:' + bits('f', float(v))
    if name == 'double':
        return 'double:' + bits('d', float(v))
    return 'complex:%s,%s' % (bits('d', float(v.real)), bits('d', float(v.imag)))


def describe(v):
    """The .NET value PickleReader must produce, in the notation of the C# PickleDescriber."""
    if v is None:
        return 'None'
    if isinstance(v, np.ndarray):
        if v.ndim == 0:
            return describe(v[()])
        if v.dtype == np.uint8 and v.ndim == 1:
            return 'bytes:' + v.tobytes().hex()
        name = 'string' if v.dtype.kind == 'U' else NET_NAMES[v.dtype.kind + str(v.dtype.itemsize)]
        items = ','.join(describe(x) if v.dtype.kind == 'U' else describe_numpy_scalar(x) for x in v.flat)
        return 'ndarray<%s>[%s](%s)' % (name, ','.join(map(str, v.shape)), items)
    if isinstance(v, np.generic):
        return describe_numpy_scalar(v)
    if isinstance(v, bool):
        return 'bool:%s' % v
    if isinstance(v, int):
        return ('long:%d' if -2**63 <= v < 2**63 else 'bigint:%d') % v
    if isinstance(v, float):
        return 'double:' + bits('d', v)
    if isinstance(v, str):
        return 'str:' + v.encode('utf-8', 'surrogatepass').hex()
    if isinstance(v, (bytes, bytearray)):
        return 'bytes:' + bytes(v).hex()
    if isinstance(v, (list, tuple)):
        return 'array[' + ','.join(describe(x) for x in v) + ']'
    if isinstance(v, dict):
        return 'dict{' + ','.join(('DBNull' if k is None else describe(k)) + '=>' + describe(x) for k, x in v.items()) + '}'
    if isinstance(v, (set, frozenset)):
        return 'set{' + ','.join(sorted(describe(x) for x in v)) + '}'
    raise TypeError('no description for %r' % type(v))


def numeric(dtype):
    a = np.arange(12).reshape(3, 4)
    dt = np.dtype(dtype)
    if dt.kind == 'b':
        return (a % 3 == 0).astype(dt)
    if dt.kind == 'c':
        return (a - 5 + 1j * (a + 0.5)).astype(dt)
    if dt.kind == 'f':
        return ((a - 5) * 1.25).astype(dt)
    if dt.kind == 'i':
        return (a - 5).astype(dt)
    return (a * 21 + 1).astype(dt)


def cases():
    nested = 1
    for _ in range(50):
        nested = [nested]
    shared = [1, 'x']
    c = {
        'none': None, 'true': True, 'false': False,
        'zero': 0, 'minus_one': -1, 'int_255': 255, 'int_65535': 65535, 'int_2_31': 2**31, 'int_min32': -2**31,
        'int_2_63': 2**63, 'int_min64': -2**63, 'int_max64': 2**63 - 1, 'neg_2_70': -(2**70), 'huge': 3**1500,
        'float': 1.5, 'nan': math.nan, 'inf': math.inf, 'ninf': -math.inf, 'neg_zero': -0.0, 'tiny': 5e-324,
        'empty_str': '', 'unicode': 'héllo ✓', 'astral': 'a😀b', 'long_str': 'x' * 300,
        'bytes': b'\x00\xff', 'empty_bytes': b'', 'long_bytes': bytes(range(256)) * 2, 'bytearray': bytearray(b'ab'),
        'empty_list': [], 'mixed_list': [1, 'a', None], 'tuple': (1, 2), 'empty_tuple': (), 'tuple4': (1, 2, 3, 4),
        'dict': {'x': 1, 'y': [1, 2], 'z': {'n': None}}, 'empty_dict': {},
        'dict_keys': {1: 'one', 'two': 2, (3, 4): 'tuple', None: 'none', b'k': 1.5},
        'set': {1, 2}, 'frozenset': frozenset({'a', 'b'}), 'empty_set': set(),
        'nested50': nested, 'shared': [shared, shared], 'many_items': list(range(2500)),
        'many_keys': {str(i): i for i in range(1200)},
        'fortran_f8': np.asfortranarray(np.arange(24.).reshape(2, 3, 4)),
        'fortran_i2_be': np.asfortranarray(np.arange(12).reshape(3, 4).astype('>i2')),
        'zero_d_f8': np.array(3.5), 'zero_d_i4': np.array(7, dtype='i4'),
        'scalar_f4': np.float32(1.5), 'scalar_i8': np.int64(-5), 'scalar_bool': np.bool_(True),
        'scalar_c8': np.complex64(1 + 2j), 'scalar_u2': np.uint16(7), 'scalar_f2': np.float16(-2.5),
        'scalar_f8': np.float64(0.1),
        'unicode_array': np.array(['ab', 'c']), 'unicode_2d': np.array([['é', '✓✓'], ['', 'z😀']]),
        'uint8_1d': np.arange(5, dtype='u1'), 'empty_array': np.array([]), 'array_3x0': np.zeros((3, 0)),
        'noncontiguous': np.arange(10)[::3], 'rank5': np.arange(32.).reshape(2, 2, 2, 2, 2),
        'dict_with_arrays': {'a': np.arange(3.0), 'b': [np.int32(1), np.array([[1, 2]], dtype='>u4')]},
    }
    for dtype in ['bool', 'int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64',
                  'float16', 'float32', 'float64', 'complex64', 'complex128',
                  '>i4', '<f2', '>f2', '>f8', '>c8', '>c16', '>u2', '>i8']:
        c['arr_' + dtype.replace('>', 'be_').replace('<', 'le_')] = numeric(dtype)
    return c


def write_cases(outdir):
    with open(os.path.join(outdir, 'expected.txt'), 'w', encoding='utf-8') as expected:
        for name, value in cases().items():
            expected.write('%s\t%s\n' % (name, describe(value)))
            for protocol in PROTOCOLS:
                with open(os.path.join(outdir, '%s.p%d.pkl' % (name, protocol)), 'wb') as f:
                    f.write(pickle.dumps(value, protocol=protocol))


class _Reduce:
    def __init__(self, func, args):
        self.func, self.args = func, args

    def __reduce__(self):
        return self.func, self.args


def write_evil(outdir, prefix):
    import builtins
    import subprocess
    evil = {
        'os_system': (os.system, ('touch %s-os_system' % prefix,)),
        'eval': (builtins.eval, ("open('%s-eval', 'w').close()" % prefix,)),
        'popen': (subprocess.Popen, (['touch', prefix + '-popen'],)),
    }
    for kind, (func, args) in evil.items():
        for protocol in (2, 4):
            with open(os.path.join(outdir, 'evil_%s.p%d.pkl' % (kind, protocol)), 'wb') as f:
                f.write(pickle.dumps(_Reduce(func, args), protocol=protocol))


if __name__ == '__main__':
    if sys.argv[1] == '--evil':
        write_evil(sys.argv[2], sys.argv[3])
    else:
        write_cases(sys.argv[1])
