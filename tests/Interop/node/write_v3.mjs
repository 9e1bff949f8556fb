// zarrita -> SciTex.Zarr: writes v3 arrays (every dtype zarrita can write x codec chains it can encode; edge chunks,
// missing chunks, 0-d, one element, dimension_names, attributes, groups) and a manifest.json whose values are
// what zarrita itself reads back. (zarrita 0.7.5 cannot encode gzip or crc32c, so those are only tested engine -> zarrita.)
// usage: node write_v3.mjs OUT_DIR
import fs from "node:fs";
import path from "node:path";
import * as zarr from "zarrita";
import FileSystemStore from "@zarrita/storage/fs";
import { encodeChunk, TYPED } from "./values.mjs";

const DTYPES = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "float32", "float64"];
const LE = { name: "bytes", configuration: { endian: "little" } };
const BE = { name: "bytes", configuration: { endian: "big" } };
const CHAINS = {
  bytes: [LE],
  bigendian: [BE],
  transpose: [{ name: "transpose", configuration: { order: [1, 0] } }, LE],
  zstd: [LE, { name: "zstd", configuration: { level: 3, checksum: false } }],
  "transpose-be-zstd": [{ name: "transpose", configuration: { order: [1, 0] } }, BE, { name: "zstd", configuration: { level: 1, checksum: false } }],
  blosc: [LE, { name: "blosc", configuration: { cname: "lz4", clevel: 5, shuffle: "shuffle", typesize: 4, blocksize: 0 } }],
};
const FILL = { bool: true, float32: -Infinity, float64: NaN };
const fillFor = (d) => (d in FILL ? FILL[d] : d.startsWith("uint") ? 7 : -7);

function sample(dtype, i) {
  if (dtype === "bool") return i % 3 === 0;
  if (dtype.startsWith("float")) {
    const edges = [NaN, Infinity, -Infinity, -0, dtype === "float32" ? 1.401298464324817e-45 : 5e-324, dtype === "float32" ? 3.4028234663852886e38 : Number.MAX_VALUE];
    return i < edges.length ? edges[i] : i * 0.37 - 3;
  }
  const bits = BigInt(dtype.replace(/u?int/, ""));
  const unsigned = dtype.startsWith("u");
  const min = unsigned ? 0n : -(1n << (bits - 1n));
  const max = unsigned ? (1n << bits) - 1n : (1n << (bits - 1n)) - 1n;
  const span = max - min < 1000n ? max - min : 1000n;
  const v = [min, max, 0n, 1n][i] ?? min + (BigInt(i) * 37n) % span;
  return bits === 64n ? v : Number(v);
}

function chunkOf(dtype, shape, offset = 0) {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = TYPED[dtype](n);
  for (let i = 0; i < n; i++) {
    const v = sample(dtype, i + offset);
    if (data instanceof zarr.BoolArray) data.set(i, v); else data[i] = v;
  }
  return { data, shape, stride: zarr._zarrita_internal_getStrides(shape, "C") };
}

const out = process.argv[2];
fs.mkdirSync(out, { recursive: true });
const root = zarr.root(new FileSystemStore(out));
const arrays = [];
const groups = [];

async function group(p, attributes) {
  await zarr.create(p ? root.resolve(p) : root, { attributes });
  groups.push({ path: p, attrs: attributes });
}

async function array(p, dtype, shape, chunkShape, chain, { sep = "/", writeRows, attributes = {}, dimensionNames } = {}) {
  // zarrita 0.7.5 garbles bool chunks when told endian "big" (it byte-swaps the BoolArray's bytes in some
  // scrambled way on write and read); bool has no endianness, so its bytes codec gets no configuration.
  const codecs = structuredClone(CHAINS[chain]).map((c) => (dtype === "bool" && c.name === "bytes" ? { name: "bytes" } : c));
  if (shape.length === 3 && codecs[0].name === "transpose") codecs[0].configuration.order = [2, 0, 1];
  const arr = await zarr.create(root.resolve(p), {
    shape, chunkShape, dtype, codecs, fillValue: fillFor(dtype), chunkSeparator: sep, attributes, dimensionNames,
  });
  if (shape.length === 0) await zarr.set(arr, null, sample(dtype, 0));
  else if (writeRows === undefined) await zarr.set(arr, null, chunkOf(dtype, shape));
  else if (writeRows > 0) await zarr.set(arr, [zarr.slice(0, writeRows), ...shape.slice(1).map(() => null)], chunkOf(dtype, [writeRows, ...shape.slice(1)]));
  // zarrita's get throws on an empty dimension ("empty iterator"), so an empty array's values are simply [].
  const back = shape.length === 0 ? { data: [await zarr.get(arr, [])], shape: [] } : shape.includes(0) ? { data: [], shape: [] } : await zarr.get(arr);
  arrays.push({ path: p, dtype, shape, chunks: chunkShape, codecs: codecs.map((c) => c.name), attrs: attributes,
    dimension_names: dimensionNames ?? null, values: encodeChunk(back) });
}

await group("", { title: "zarrita interop", nested: { n: [1, 2.5, null, "ü"] } });
for (const chain of Object.keys(CHAINS)) {
  await group(chain, { chain });
  for (const dtype of DTYPES) {
    for (const sep of ["/", "."]) {
      // 7x5 in 3x2 chunks: edge chunks; rows 5..6 unwritten -> chunk row 2 missing, row 5 fill inside a stored chunk.
      await array(`${chain}/${dtype}_${sep === "/" ? "slash" : "dot"}`, dtype, [7, 5], [3, 2], chain, { sep, writeRows: 5,
        dimensionNames: ["y", "x"], attributes: { dtype, units: "m/s" } });
    }
  }
}
await group("shapes", {});
for (const dtype of DTYPES) {
  await array(`shapes/${dtype}_0d`, dtype, [], [], "zstd");
  await array(`shapes/${dtype}_one`, dtype, [1], [1], "bytes");
  await array(`shapes/${dtype}_empty`, dtype, [0, 4], [2, 2], "zstd", { writeRows: 0 });
  await array(`shapes/${dtype}_3d`, dtype, [4, 3, 5], [3, 2, 2], "transpose-be-zstd", { dimensionNames: ["t", null, "x"] });
  await array(`shapes/${dtype}_allfill`, dtype, [5], [2], "bytes", { writeRows: 0 });
}
const version = JSON.parse(fs.readFileSync(new URL("./node_modules/zarrita/package.json", import.meta.url))).version;
fs.writeFileSync(path.join(out, "manifest.json"), JSON.stringify({ peer: `zarrita ${version}, node ${process.version}`, arrays, groups }));
console.log(`wrote ${arrays.length} arrays, ${groups.length} groups`);
