// `ws` is loaded only by the first WebSocket of the undici backend, never by HTTP-only use.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";

const root = new URL("../../..", import.meta.url).pathname;

// Runs in a fresh process: the package entry, one HTTP request, then one WebSocket attempt.
const script = `
import { createServer } from "node:http";
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const wsLoaded = () => Object.keys(require.cache).some((path) => /[\\\\/]node_modules[\\\\/]ws[\\\\/]/.test(path));
const server = createServer((req, res) => res.end("{}"));
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const { createClient } = await import("./runtime/index.ts");
const client = await createClient({ configuration: { server: "http://127.0.0.1:" + server.address().port, namespace: "default", tls: {} } });
await (await client.request({ method: "GET", path: "/api" })).json();
const afterHttp = wsLoaded();
await client.connectWebSocket({ path: "/ws", protocols: ["v5.channel.k8s.io"] }).catch(() => undefined);
console.log(JSON.stringify({ afterHttp, afterWebSocket: wsLoaded() }));
await client.close();
server.close();
`;

test("importing the package and making HTTP requests does not load ws; the first WebSocket does", () => {
  const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: root, encoding: "utf8", timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout.trim().split("\n").at(-1)!), { afterHttp: false, afterWebSocket: true });
});

// Makes `ws` unresolvable, as when it is not installed.
const hideWs = `data:text/javascript,${encodeURIComponent(`
import { register } from "node:module";
register("data:text/javascript," + encodeURIComponent(\`export async function resolve(specifier, context, next) {
  if (specifier === "ws") throw Object.assign(new Error("Cannot find package 'ws'"), { code: "ERR_MODULE_NOT_FOUND" });
  return next(specifier, context);
}\`));
`)}`;

const withoutWs = `
const { createClient } = await import("./runtime/index.ts");
const client = await createClient({ configuration: { server: "https://127.0.0.1:1", namespace: "default", tls: {} } });
const error = await client.connectWebSocket({ path: "/ws", protocols: ["v5.channel.k8s.io"] }).then(() => undefined, (e) => e);
console.log(JSON.stringify({ name: error?.name, code: error?.code, message: error?.message }));
await client.close();
`;

test("without ws installed, a WebSocket on the undici backend is a KubexConfigurationError that says what to install", () => {
  const r = spawnSync(process.execPath, ["--import", hideWs, "--import", "tsx", "--input-type=module", "-e", withoutWs], { cwd: root, encoding: "utf8", timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  const error = JSON.parse(r.stdout.trim().split("\n").at(-1)!);
  assert.equal(error.name, "KubexConfigurationError");
  assert.match(error.message, /needs the `ws` package .*npm install ws/);
});
