"""Loads pickles written by SciTex.Zarr's PickleWriter and compares each with the expected Python value.

usage: pickle_check.py DIR
DIR/cases.tsv holds "<case>\t<python expression>" lines; DIR/<case>.pkl is the pickle written by .NET.
Prints "OK <case>" or "FAIL <case>: <why>" per case; exits 1 when any case fails.
"""
import math
import os
import pickle
import sys

import numpy as np


def same(a, b, path='value'):
    """None when a and b are the same value of the same type (dtype, shape and order included), else why not."""
    if type(a) is not type(b):
        return '%s: type %s, expected %s' % (path, type(a).__name__, type(b).__name__)
    if isinstance(a, np.ndarray):
        if a.dtype != b.dtype:
            return '%s: dtype %s, expected %s' % (path, a.dtype, b.dtype)
        if a.shape != b.shape:
            return '%s: shape %s, expected %s' % (path, a.shape, b.shape)
        if not np.array_equal(a, b, equal_nan=a.dtype.kind in 'fc'):
            return '%s: data %r, expected %r' % (path, a, b)
        return None
    if isinstance(a, np.generic):
        if a.dtype != b.dtype or not (a == b or (a != a and b != b)):
            return '%s: %r, expected %r' % (path, a, b)
        return None
    if isinstance(a, float):
        if math.isnan(a) and math.isnan(b):
            return None
        if a != b or math.copysign(1, a) != math.copysign(1, b):
            return '%s: %r, expected %r' % (path, a, b)
        return None
    if isinstance(a, (list, tuple)):
        if len(a) != len(b):
            return '%s: length %d, expected %d' % (path, len(a), len(b))
        for i, (x, y) in enumerate(zip(a, b)):
            why = same(x, y, '%s[%d]' % (path, i))
            if why:
                return why
        return None
    if isinstance(a, dict):
        if list(a.keys()) != list(b.keys()):
            return '%s: keys %r, expected %r' % (path, list(a.keys()), list(b.keys()))
        for k in a:
            why = same(a[k], b[k], '%s[%r]' % (path, k))
            if why:
                return why
        return None
    return None if a == b else '%s: %r, expected %r' % (path, a, b)


def main(folder):
    failed = 0
    with open(os.path.join(folder, 'cases.tsv'), encoding='utf-8') as cases:
        for line in cases:
            name, expression = line.rstrip('\n').split('\t', 1)
            try:
                with open(os.path.join(folder, name + '.pkl'), 'rb') as f:
                    actual = pickle.load(f)
                why = same(actual, eval(expression, {'np': np, 'math': math}))
            except Exception as e:  # a load failure is a case failure, reported like the others
                why = '%s: %s' % (type(e).__name__, e)
            if why:
                failed += 1
                print('FAIL %s: %s' % (name, why))
            else:
                print('OK %s' % name)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1]))
