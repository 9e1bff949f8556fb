// SciTex.Zarr -> zarrita: opens every array/group in DIR/manifest.json (written by the engine) and compares
// dtype, shape, chunks, fill value, attributes, dimension_names and every element. Prints one JSON report line.
// usage: node read_v3.mjs DIR [URL]   (with URL, the store is read over HTTP through zarrita's FetchStore; DIR holds the manifest)
import fs from "node:fs";
import path from "node:path";
import * as zarr from "zarrita";
import FileSystemStore from "@zarrita/storage/fs";
import FetchStore from "@zarrita/storage/fetch";
import { encodeChunk, encodeScalar, sameValue } from "./values.mjs";

const dir = process.argv[2];
const manifest = JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8"));
const root = zarr.root(process.argv[3] ? new FetchStore(process.argv[3]) : new FileSystemStore(dir));
// Key order is not part of JSON equality.
const canon = (v) => JSON.stringify(v, (_k, x) => (x && typeof x === "object" && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort()) : x));

async function checkArray(entry) {
  const problems = [];
  const arr = await zarr.open(root.resolve(entry.path), { kind: "array" });
  if (arr.dtype !== entry.dtype) problems.push(`dtype ${arr.dtype} != ${entry.dtype}`);
  if (canon(arr.shape) !== canon(entry.shape) || canon(arr.chunks) !== canon(entry.chunks))
    problems.push(`shape/chunks ${canon(arr.shape)}/${canon(arr.chunks)} != ${canon(entry.shape)}/${canon(entry.chunks)}`);
  if (!sameValue(encodeScalar(arr.fillValue), entry.fill_value)) problems.push(`fill_value ${encodeScalar(arr.fillValue)} != ${entry.fill_value}`);
  if (canon(arr.attrs) !== canon(entry.attrs)) problems.push(`attrs ${canon(arr.attrs)} != ${canon(entry.attrs)}`);
  if (canon(arr.dimensionNames ?? null) !== canon(entry.dimension_names ?? null))
    problems.push(`dimension_names ${canon(arr.dimensionNames)} != ${canon(entry.dimension_names)}`);
  // zarrita's get throws on an empty dimension, so empty arrays only check metadata.
  const actual = entry.shape.length === 0 ? [encodeScalar(await zarr.get(arr, []))]
    : entry.shape.includes(0) ? [] : encodeChunk(await zarr.get(arr));
  const bad = [];
  for (let i = 0; i < Math.max(actual.length, entry.values.length); i++) if (!sameValue(actual[i], entry.values[i])) bad.push(i);
  if (bad.length) problems.push(`${bad.length} of ${entry.values.length} elements differ, e.g. [${bad[0]}] got ${actual[bad[0]]}, expected ${entry.values[bad[0]]}`);
  return problems;
}

const failures = [];
let checked = 0;
for (const entry of manifest.arrays) {
  let problems;
  try { problems = await checkArray(entry); } catch (e) { problems = [`${e.name}: ${e.message}${e.cause ? ` (cause: ${e.cause.message})` : ""}`]; }
  checked++;
  for (const p of problems) failures.push(`${entry.path}: ${p}`);
}
for (const g of manifest.groups) {
  try {
    const group = await zarr.open(g.path ? root.resolve(g.path) : root, { kind: "group" });
    if (canon(group.attrs) !== canon(g.attrs)) failures.push(`group '${g.path}': attrs ${canon(group.attrs)} != ${canon(g.attrs)}`);
  } catch (e) { failures.push(`group '${g.path}': ${e.name}: ${e.message}`); }
}
const version = JSON.parse(fs.readFileSync(new URL("./node_modules/zarrita/package.json", import.meta.url))).version;
console.log(JSON.stringify({ peer: `zarrita ${version}, node ${process.version}`, checked, failures }));
