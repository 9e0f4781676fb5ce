// The client-cost mode's server: a trivial HTTPS server on 127.0.0.1 that answers the bench's
// requests with prepared API-server responses (bench/lib/fixtures.mjs), so that what is measured
// is the client's own cost, not the API server's. TLS material is made at start-up with openssl
// (a throwaway CA and a server certificate for 127.0.0.1) and a bearer token authenticates.
// With { h2: true } (BENCH_H2=1) it is a node:http2 server offering h2 and http/1.1 by ALPN, as a
// kube-apiserver does, serving the same responses.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:https";
import { createSecureServer } from "node:http2";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { logText, pod, podList, watchStream } from "./fixtures.mjs";
import { CC } from "./scenarios.mjs";

const TOKEN = "kubex-bench-not-a-secret";
const CHUNK = 64 * 1024;

function makeTls(dir) {
  const ssl = (...args) => execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  ssl("req", "-x509", ...ec, "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=kubex-bench-ca",
    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
  ssl("req", ...ec, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1");
  writeFileSync(join(dir, "server.ext"), "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n");
  ssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.crt", "-days", "2", "-extfile", "server.ext");
  return { ca: readFileSync(join(dir, "ca.crt")), key: readFileSync(join(dir, "server.key")), cert: readFileSync(join(dir, "server.crt")) };
}

/** The bodies, built once: { "GET <path>": Buffer } plus the watch streams by namespace. */
function responses() {
  const ns = CC.NS;
  return {
    bodies: new Map([
      [`/api/v1/namespaces/${ns.get}/pods/${CC.GET_NAME}`, Buffer.from(JSON.stringify(pod(ns.get, 0)))],
      [`/api/v1/namespaces/${ns.pods500}/pods`, podList(ns.pods500, 500)],
      [`/api/v1/namespaces/${ns.pods5000}/pods`, podList(ns.pods5000, 5000)],
      [`/api/v1/namespaces/${ns.get}/pods/${CC.LOG_POD}/log`, logText(CC.LOG_LINES)],
      ["/version", Buffer.from(JSON.stringify({ major: "1", minor: "35", gitVersion: "v1.35.0-kubex-bench" }))],
    ]),
    watches: new Map([
      [`/api/v1/namespaces/${ns.watch2000}/pods`, watchStream(ns.watch2000, 2000)],
      [`/api/v1/namespaces/${ns.watch20000}/pods`, watchStream(ns.watch20000, 20000)],
    ]),
  };
}

let auditId = 0;
// The headers a kube-apiserver sends on every answer (the client parses them all).
function headers(type, length) {
  const h = {
    "audit-id": `00000000-0000-4000-8000-${String(++auditId).padStart(12, "0")}`,
    "cache-control": "no-cache, private",
    "content-type": type,
    "x-kubernetes-pf-flowschema-uid": "6f1e4a2b-1c3d-4e5f-8a9b-0c1d2e3f4a5b",
    "x-kubernetes-pf-prioritylevel-uid": "7a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d",
  };
  if (length !== undefined) h["content-length"] = String(length);
  return h;
}

function send(res, status, body, type = "application/json") {
  res.writeHead(status, headers(type, body.length));
  res.end(body);
}

/** Writes a watch stream in large chunks, respecting back-pressure, then ends it. */
function stream(res, body) {
  // HTTP/2 frames the body itself and forbids the header.
  res.writeHead(200, res.stream ? headers("application/json") : { ...headers("application/json"), "transfer-encoding": "chunked" });
  let at = 0;
  const pump = () => {
    while (at < body.length) {
      const more = res.write(body.subarray(at, at + CHUNK));
      at += CHUNK;
      if (!more) return void res.once("drain", pump);
    }
    res.end();
  };
  res.on("close", () => { at = body.length; });
  pump();
}

async function readBody(req) {
  const parts = [];
  for await (const p of req) parts.push(p);
  return Buffer.concat(parts).toString("utf8");
}

let created = 0;
function handler({ bodies, watches }) {
  return async (req, res) => {
    if (req.headers.authorization !== `Bearer ${TOKEN}`) {
      return send(res, 401, Buffer.from(JSON.stringify({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: "Unauthorized", reason: "Unauthorized", code: 401 })));
    }
    const url = new URL(req.url, "https://127.0.0.1");
    const path = url.pathname;
    if (req.method === "GET") {
      const watch = url.searchParams.get("watch");
      if ((watch === "true" || watch === "1") && watches.has(path)) return stream(res, watches.get(path));
      const body = bodies.get(path);
      if (body) return send(res, 200, body, path.endsWith("/log") ? "text/plain" : "application/json");
    }
    const cm = path.match(/^\/api\/v1\/namespaces\/([^/]+)\/configmaps(?:\/([^/]+))?$/);
    if (cm && req.method === "POST") {
      const obj = JSON.parse(await readBody(req));
      const n = ++created;
      const out = { apiVersion: "v1", kind: "ConfigMap", ...obj, metadata: { ...obj.metadata, namespace: cm[1], uid: `cc000000-0000-4000-8000-${String(n).padStart(12, "0")}`, resourceVersion: String(100000 + n), creationTimestamp: "2026-01-01T00:00:00Z" } };
      return send(res, 201, Buffer.from(JSON.stringify(out)));
    }
    if (cm?.[2] && req.method === "DELETE") {
      await readBody(req);
      const out = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: cm[2], namespace: cm[1], uid: "cc000000-0000-4000-8000-000000000000", resourceVersion: "100000", creationTimestamp: "2026-01-01T00:00:00Z" }, data: { k: "v" } };
      return send(res, 200, Buffer.from(JSON.stringify(out)));
    }
    send(res, 404, Buffer.from(JSON.stringify({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: `${req.method} ${path} is not served by the bench server`, reason: "NotFound", code: 404 })));
  };
}

/** Starts the server; resolves to { url, kubeconfig (path), protocols (ALPN of each connection), close() }. */
export async function startFakeApiServer({ h2 = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "kubex-bench-cc-"));
  const tls = makeTls(dir);
  const protocols = [];
  const server = h2
    ? createSecureServer({ key: tls.key, cert: tls.cert, allowHTTP1: true, settings: { maxConcurrentStreams: 250 } }, handler(responses()))
    : createServer({ key: tls.key, cert: tls.cert, keepAliveTimeout: 60_000 }, handler(responses()));
  const sockets = new Set();
  server.on("secureConnection", (socket) => {
    protocols.push(socket.alpnProtocol || "none");
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `https://127.0.0.1:${server.address().port}`;
  const kubeconfig = join(dir, "kubeconfig");
  writeFileSync(kubeconfig, stringify({
    apiVersion: "v1", kind: "Config", "current-context": "bench",
    clusters: [{ name: "bench", cluster: { server: url, "certificate-authority-data": tls.ca.toString("base64") } }],
    users: [{ name: "bench", user: { token: TOKEN } }],
    contexts: [{ name: "bench", context: { cluster: "bench", user: "bench", namespace: CC.NS.get } }],
  }));
  return {
    url, kubeconfig, protocols,
    close: () => new Promise((resolve) => { for (const s of sockets) s.destroy(); server.close(() => { rmSync(dir, { recursive: true, force: true }); resolve(); }); }),
  };
}
