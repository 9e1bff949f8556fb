// A static file server for the HTTP-store tests: keep-alive, Range (a-b, a-, -n), HEAD, ETag, 404.
// Binds 127.0.0.1 only. usage: node static_server.mjs ROOT PORT
import fs from "node:fs";
import http from "node:http";
import path from "node:path";

const root = path.resolve(process.argv[2]);
const port = Number(process.argv[3]);

const server = http.createServer((req, res) => {
  const url = new URL(req.url, "http://127.0.0.1");
  const file = path.resolve(root, "." + decodeURIComponent(url.pathname));
  if (!file.startsWith(root + path.sep) && file !== root) { res.writeHead(403).end(); return; }
  let stat;
  try { stat = fs.statSync(file); } catch { res.writeHead(404, { "Content-Length": 0 }).end(); return; }
  if (!stat.isFile()) { res.writeHead(404, { "Content-Length": 0 }).end(); return; }
  const etag = `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
  let start = 0, end = stat.size - 1, status = 200;
  const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? "");
  if (range) {
    if (range[1] === "") { start = Math.max(0, stat.size - Number(range[2])); }
    else { start = Number(range[1]); if (range[2] !== "") end = Math.min(end, Number(range[2])); }
    if (start >= stat.size || start > end) { res.writeHead(416, { "Content-Range": `bytes */${stat.size}`, "Content-Length": 0 }).end(); return; }
    status = 206;
  }
  const headers = { "Content-Length": end - start + 1, "ETag": etag, "Accept-Ranges": "bytes", "Content-Type": "application/octet-stream",
    "Access-Control-Allow-Origin": "*" };
  if (status === 206) headers["Content-Range"] = `bytes ${start}-${end}/${stat.size}`;
  res.writeHead(status, headers);
  if (req.method === "HEAD" || stat.size === 0) { res.end(); return; }
  fs.createReadStream(file, { start, end }).pipe(res);
});
server.keepAliveTimeout = 30000;
server.listen(port, "127.0.0.1", () => console.log(`listening on ${port}`));
