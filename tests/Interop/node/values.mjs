// Element <-> JSON encoding shared with tests/Interop/python/interop_values.py and tests/Unit/Interop/ValueJson.cs:
// 64-bit integers as decimal strings, non-finite floats as "NaN"/"Infinity"/"-Infinity".
import * as zarr from "zarrita";

export function encodeScalar(v) {
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "number") {
    if (Number.isNaN(v)) return "NaN";
    if (v === Infinity) return "Infinity";
    if (v === -Infinity) return "-Infinity";
    if (Object.is(v, -0)) return "-0"; // JSON.stringify(-0) is "0": keep the sign
  }
  return v;
}

export function decodeScalar(v, dtype) {
  if (dtype === "int64" || dtype === "uint64") return BigInt(v);
  if (v === "NaN") return NaN;
  if (v === "Infinity") return Infinity;
  if (v === "-Infinity") return -Infinity;
  return v;
}

/** Flat C-order list of encoded elements of a zarrita chunk {data, shape, stride}; get() may return a strided (e.g. transposed) view. */
export function encodeChunk(chunk) {
  const { data, shape, stride } = chunk;
  const at = (i) => encodeScalar(data instanceof zarr.BoolArray ? data.get(i) : data[i]);
  if (!shape || shape.length === 0) return data.length ? [at(0)] : [];
  const n = shape.reduce((a, b) => a * b, 1);
  const out = [];
  const index = new Array(shape.length).fill(0);
  for (let k = 0; k < n; k++) {
    out.push(at(index.reduce((offset, i, d) => offset + i * stride[d], 0)));
    for (let d = shape.length - 1; d >= 0 && ++index[d] === shape[d]; d--) index[d] = 0;
  }
  return out;
}

const SPECIAL = new Set(["NaN", "Infinity", "-Infinity", "-0"]);
const norm = (x) => (typeof x === "string" && SPECIAL.has(x) ? Number(x) : x);

/** Equal as manifest elements: floats by Object.is (NaN equals NaN, -0 differs from 0), everything else strictly. */
export function sameValue(a, e) {
  return Object.is(norm(a), norm(e));
}

export const TYPED = {
  bool: (n) => new zarr.BoolArray(n),
  int8: (n) => new Int8Array(n), int16: (n) => new Int16Array(n), int32: (n) => new Int32Array(n), int64: (n) => new BigInt64Array(n),
  uint8: (n) => new Uint8Array(n), uint16: (n) => new Uint16Array(n), uint32: (n) => new Uint32Array(n), uint64: (n) => new BigUint64Array(n),
  float32: (n) => new Float32Array(n), float64: (n) => new Float64Array(n),
};
