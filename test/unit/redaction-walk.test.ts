// Plants secrets in every place a credential can come from, builds clients of both backends from them,
// triggers every failure the in-process servers can produce, and fails if any planted secret shows in
// any error (message, String, inspect, JSON, cause chain, AggregateError members, plain properties such as
// input, spawnargs, config, headers, options) or in any object a user can reach.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer as createHttpsServer } from "node:https";
import { createServer as createNetServer, type AddressInfo, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { WebSocketServer } from "ws";
import { Api, createClient, loadKubeconfig, type Backend, type ClientConfiguration } from "../../runtime/index.js";
import { ConfigMap, Pod } from "../../generated/k8s/v1_35/core/v1/index.js";
import { testCerts } from "./support/certs.js";
import { startProxy } from "./support/proxy.js";

const certs = testCerts();
const b64 = (text: string) => Buffer.from(text).toString("base64");
const secret = {
  bearer: "bearer-PLANTED-7f3a",
  basicPassword: "basicpw-PLANTED-91c2",
  proxyPassword: "proxypw-PLANTED-5d0e",
  execArg: "execarg-PLANTED-33aa",
  execEnv: "execenv-PLANTED-8b1f",
  execToken: "exectoken-PLANTED-c4d9",
  oidcRefresh: "refresh-PLANTED-e2b7",
  oidcClientSecret: "clientsecret-PLANTED-0a6c",
  tokenFile: "tokenfile-PLANTED-4e8d",
  impersonateExtra: "extra-PLANTED-71f0",
};
// A line from the body of the key, whatever its length.
const pemKeyLine = certs.clientKey.split("\n").filter((line) => line !== "" && !line.startsWith("-----"))[1]!;
assert.ok(pemKeyLine.length >= 40, "the planted key line is long enough to be found only where the key leaked");
const planted = [
  ...Object.values(secret), pemKeyLine, b64(certs.clientKey).slice(100, 160),
  b64(`admin:${secret.basicPassword}`), b64(`puser:${secret.proxyPassword}`),
];

/** Everything a user could see of a value; cycles are tolerated, nothing is skipped. */
function renderings(value: unknown, plain: boolean): string[] {
  const out: string[] = [];
  const seen = new Set<unknown>();
  const json = (v: unknown) => {
    const stack = new WeakSet<object>();
    try {
      return JSON.stringify(v, (_k, x: unknown) => {
        if (typeof x === "bigint") return String(x);
        if (typeof x === "object" && x !== null) {
          if (stack.has(x)) return "[cycle]";
          stack.add(x);
        }
        return x;
      }) ?? "";
    } catch (error) {
      return `unserialisable: ${String(error)}`;
    }
  };
  const walk = (v: unknown, depth: number): void => {
    if (depth > 8 || seen.has(v) || v === null || v === undefined) return;
    seen.add(v);
    if (typeof v === "string") return void out.push(v);
    if (typeof v !== "object" && typeof v !== "function") return void out.push(String(v));
    out.push(String(v), inspect(v, { depth: Infinity, showHidden: true }), json(v));
    // What plain property access reaches, past any redacting inspect method: for errors and providers, not
    // for configurations and clients, whose credentials are there to be read (client.configuration.token).
    if (plain || v instanceof Error) out.push(inspect(v, { depth: Infinity, showHidden: true, customInspect: false }));
    if (!(v instanceof Error)) return;
    // An error's own properties are read directly by callers (err.input, err.cause.spawnargs), whatever inspect shows.
    for (const key of Reflect.ownKeys(v)) walk((v as unknown as Record<PropertyKey, unknown>)[key], depth + 1);
    if (v instanceof AggregateError) v.errors.forEach((e) => walk(e, depth + 1));
  };
  walk(value, 0);
  return out;
}

function assertClean(what: string, value: unknown, plain = false): number {
  for (const text of renderings(value, plain)) {
    for (const s of planted) assert.ok(!text.includes(s), `${what} shows a planted secret (${s.slice(0, 10)}…) in: ${text.slice(Math.max(0, text.indexOf(s) - 200), text.indexOf(s) + 60)}`);
  }
  return 1;
}

// --- servers -------------------------------------------------------------------------------------------

const statusOf = (code: number, reason: string) => JSON.stringify({ kind: "Status", apiVersion: "v1", status: "Failure", code, reason, message: `${reason} here` });
const heldSockets = new Set<Socket>();
const credentialsSeen = new Set<string>();
let refreshesRefused = 0;
const api = createHttpsServer({ cert: certs.serverCert, key: certs.serverKey, ca: certs.ca, requestCert: true, rejectUnauthorized: false }, (req, res) => {
  const url = new URL(req.url!, "https://x");
  if (req.headers.authorization) credentialsSeen.add(req.headers.authorization);
  if (url.pathname === "/idp/.well-known/openid-configuration") {
    res.writeHead(200, { "content-type": "application/json" });
    return res.end(JSON.stringify({ token_endpoint: `${base}/idp/token` }));
  }
  if (url.pathname === "/idp/token") {
    refreshesRefused++;
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    // A careless issuer echoes the request, refresh token and client secret included.
    return req.on("end", () => res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ error: "invalid_grant", error_description: `bad request ${body}` })));
  }
  const behaviour = url.pathname.split("/")[4] ?? "";
  const code = /^s(\d{3})$/.exec(behaviour)?.[1];
  const reasons: Record<string, string> = { 401: "Unauthorized", 403: "Forbidden", 404: "NotFound", 409: "AlreadyExists", 410: "Expired", 422: "Invalid", 429: "TooManyRequests", 500: "InternalError" };
  if (code) return res.writeHead(Number(code), { "content-type": "application/json", "retry-after": "1" }).end(statusOf(Number(code), reasons[code] ?? "Unknown"));
  switch (behaviour) {
    case "badjson": return res.writeHead(200, { "content-type": "application/json" }).end("{ nope");
    case "text500": return res.writeHead(500).end("upstream failure");
    case "truncated":
      res.writeHead(200, { "content-type": "application/json", "content-length": "100" });
      res.write("{");
      return void setTimeout(() => res.socket?.destroy(), 20);
    case "stall": heldSockets.add(req.socket); return;
    default:
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(JSON.stringify(url.pathname.endsWith("configmaps") ? { kind: "ConfigMapList", metadata: {}, items: [] } : { metadata: { name: "x" } }));
  }
});
const wss = new WebSocketServer({ noServer: true, handleProtocols: (p) => (p.has("v5.channel.k8s.io") ? "v5.channel.k8s.io" : [...p][0]!) });
api.on("upgrade", (req, socket: Socket, head) => {
  const behaviour = new URL(req.url!, "https://x").pathname.split("/")[4];
  if (behaviour === "ws-refuse") return socket.end(`HTTP/1.1 403 Forbidden\r\ncontent-type: application/json\r\n\r\n${statusOf(403, "Forbidden")}`);
  if (behaviour === "ws-hang") return void heldSockets.add(socket);
  wss.handleUpgrade(req, socket, head, (ws) => {
    if (behaviour === "ws-lost") setTimeout(() => ws.terminate(), 20);
    else if (behaviour === "ws-text") ws.send("a text frame");
    else ws.close(1011, "kubelet crashed");
  });
});
await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
const base = `https://127.0.0.1:${(api.address() as AddressInfo).port}`;
const refusingProxy = await startProxy({ requireAuthorization: "Basic nobody" });
const silentSockets: Socket[] = [];
const silent = createNetServer((s) => void silentSockets.push(s));
await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
after(async () => {
  for (const s of [...heldSockets, ...silentSockets]) s.destroy();
  wss.close();
  api.closeAllConnections();
  await new Promise<void>((resolve) => api.close(() => resolve()));
  await refusingProxy.close();
  silent.close();
});

// --- kubeconfigs -----------------------------------------------------------------------------------------

const dir = mkdtempSync(join(tmpdir(), "kubex-walk-"));
const script = (name: string, body: string) => {
  writeFileSync(join(dir, name), `#!/bin/sh\n${body}\n`);
  chmodSync(join(dir, name), 0o755);
};
script("plugin-ok.sh", `echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"${secret.execToken}"}}'`);
script("plugin-fails.sh", `echo "login failed for $1 with $API_KEY" >&2\nexit 3`);
script("plugin-badjson.sh", `echo "{ not json $1 $API_KEY"`);
script("plugin-wrongkind.sh", `echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"Other","status":{"token":"${secret.execToken}"}}'`);
writeFileSync(join(dir, "token"), `${secret.tokenFile}\n`);
const expiredJwt = `${b64('{"alg":"none"}')}.${Buffer.from(JSON.stringify({ exp: 1 })).toString("base64url")}.sig`;
const exec = (command: string) => `{ exec: { apiVersion: client.authentication.k8s.io/v1, interactiveMode: Never, command: ${command}, args: ["--password=${secret.execArg}"], env: [{ name: API_KEY, value: ${secret.execEnv} }] } }`;
const users: Record<string, string> = {
  token: `{ token: ${secret.bearer}, as: jane, as-groups: [devs], as-user-extra: { reason: [${secret.impersonateExtra}] } }`,
  basic: `{ username: admin, password: ${secret.basicPassword} }`,
  certdata: `{ client-certificate-data: ${b64(certs.clientCert)}, client-key-data: ${b64(certs.clientKey)} }`,
  tokenfile: `{ tokenFile: ./token }`,
  exec: exec("./plugin-ok.sh"),
  "exec-missing": exec("./plugin-missing.sh"),
  "exec-fails": exec("./plugin-fails.sh"),
  "exec-badjson": exec("./plugin-badjson.sh"),
  "exec-wrongkind": exec("./plugin-wrongkind.sh"),
  oidc: `{ auth-provider: { name: oidc, config: { client-id: kubex, client-secret: ${secret.oidcClientSecret}, idp-issuer-url: "${base}/idp", idp-certificate-authority-data: ${b64(certs.ca)}, id-token: "${expiredJwt}", refresh-token: ${secret.oidcRefresh} } } }`,
};
function kubeconfig(name: string, user: string, cluster: string): string {
  const path = join(dir, `${name}.yaml`);
  writeFileSync(path, `apiVersion: v1\nkind: Config\ncurrent-context: x\nclusters: [{ name: c, cluster: ${cluster} }]\nusers: [{ name: u, user: ${user} }]\ncontexts: [{ name: x, context: { cluster: c, user: u, namespace: default } }]\n`);
  return path;
}
const trusted = (server: string, extra = "") => `{ server: "${server}", certificate-authority-data: ${b64(certs.ca)}${extra} }`;
const configurations = new Map<string, ClientConfiguration>();
for (const [name, user] of Object.entries(users)) configurations.set(name, loadKubeconfig({ path: kubeconfig(name, user, trusted(base)) }));
configurations.set("proxied", loadKubeconfig({ path: kubeconfig("proxied", users.basic!, trusted(base, `, proxy-url: "http://puser:${secret.proxyPassword}@127.0.0.1:${new URL(refusingProxy.url()).port}"`)) }));
configurations.set("untrusted", loadKubeconfig({ path: kubeconfig("untrusted", users.token!, `{ server: "${base}" }`) }));
configurations.set("refused", loadKubeconfig({ path: kubeconfig("refused", users.certdata!, trusted("https://127.0.0.1:1")) }));
configurations.set("silent", loadKubeconfig({ path: kubeconfig("silent", users.token!, trusted(`https://127.0.0.1:${(silent.address() as AddressInfo).port}`)) }));

const loadErrors: unknown[] = [];
const loadFailure = (cluster: string, user: string) => {
  try {
    loadKubeconfig({ path: kubeconfig("bad", user, cluster) });
    assert.fail("expected the kubeconfig to be refused");
  } catch (error) {
    loadErrors.push(error);
  }
};
loadFailure(trusted(base, `, proxy-url: "http://puser:${secret.proxyPassword}@[bad"`), users.token!);
loadFailure(trusted(base, `, proxy-url: "ftp://puser:${secret.proxyPassword}@p:1"`), users.token!);
loadFailure(trusted(`https://puser:${secret.proxyPassword}@[bad`), users.token!);
loadFailure(trusted(base), `{ token: "${secret.bearer}\\r\\nx-evil: 1" }`);
loadFailure(trusted(base), `{ token: ${secret.bearer}, insecure-skip-tls-verify: "${secret.bearer}" }`);
loadFailure(trusted(base), `{ client-certificate-data: ${b64(certs.clientCert)}, client-key-data: "not base64 ${secret.bearer}" }`);
loadFailure(trusted(base), `{ username: admin, password: [${secret.basicPassword}] }`);
loadFailure(trusted(base), `{ auth-provider: { name: oidc, config: { client-secret: ${secret.oidcClientSecret}, refresh-token: ${secret.oidcRefresh} } } }`);
loadFailure(trusted(base), `{ tokenFile: ./no-such-token, token: [${secret.bearer}] }`);

// --- the walk --------------------------------------------------------------------------------------------

let errorsChecked = 0;
let objectsChecked = 0;

async function failure(what: string, run: () => Promise<unknown>): Promise<void> {
  let error: unknown;
  try {
    await run();
  } catch (e) {
    error = e;
  }
  assert.ok(error !== undefined, `${what}: expected a failure`);
  assert.ok(error instanceof Error, `${what}: a thrown value that is not an Error`);
  errorsChecked += assertClean(`${what} (${(error as Error).message.slice(0, 120)})`, error);
}

test("kubeconfigs carrying secrets are refused without showing them", () => {
  assert.equal(loadErrors.length, 9);
  for (const [i, error] of loadErrors.entries()) errorsChecked += assertClean(`kubeconfig refusal ${i} (${(error as Error).message})`, error);
});

for (const backend of ["undici", "fetch"] as Backend[]) {
  test(`${backend}: every failure from every credential source prints without a planted secret`, async () => {
    for (const [name, configuration] of configurations) {
      const label = `${backend}/${name}`;
      objectsChecked += assertClean(`${label}: configuration`, configuration);
      objectsChecked += assertClean(`${label}: configuration.tls`, configuration.tls);
      objectsChecked += assertClean(`${label}: credential provider`, configuration.credentialProvider, true);
      const client = await createClient({ configuration, backend, options: { timeout: 2 } });
      const cms = new Api(ConfigMap, { client });
      const pods = new Api(Pod, { client });
      // One attempt each: what is printed is the question, not what a retry would make of it.
      const at = (namespace: string) => ({ namespace, requestTimeout: 2, retry: false as const });
      if (["token", "basic", "certdata", "tokenfile", "exec"].includes(name)) {
        await cms.list(at("ok"));
        for (const code of [401, 403, 404, 409, 410, 422, 429, 500]) await failure(`${label}: ${code}`, () => cms.get("x", at(`s${code}`)));
        await failure(`${label}: malformed JSON`, () => cms.get("x", at("badjson")));
        await failure(`${label}: truncated body`, () => cms.get("x", at("truncated")));
        await failure(`${label}: text 500`, () => cms.get("x", at("text500")));
        await failure(`${label}: timeout`, () => cms.get("x", { namespace: "stall", requestTimeout: 0.2 }));
        await failure(`${label}: aborted`, () => cms.get("x", { namespace: "stall", signal: AbortSignal.timeout(100) }));
        await failure(`${label}: listAll 403`, async () => { for await (const _ of cms.listAll({ namespace: "s403" })) void _; });
        await failure(`${label}: watch 410`, async () => { for await (const _ of cms.watch({ namespace: "s410" })) void _; });
        await failure(`${label}: exec refused upgrade`, () => pods.exec.run("p", { namespace: "ws-refuse", command: ["x"] }));
        await failure(`${label}: exec abnormal close`, () => pods.exec.run("p", { namespace: "ws-lost", command: ["x"] }));
        await failure(`${label}: exec 1011`, () => pods.exec.run("p", { namespace: "ws-crash", command: ["x"] }));
        await failure(`${label}: exec text frame`, () => pods.exec.run("p", { namespace: "ws-text", command: ["x"] }));
        await failure(`${label}: exec handshake timeout`, () => pods.exec.run("p", { namespace: "ws-hang", command: ["x"], requestTimeout: 0.3 }));
        await failure(`${label}: bad name`, () => cms.get("..", at("ok")));
        await failure(`${label}: bad namespace`, () => cms.list({ namespace: "a/b" }));
        await failure(`${label}: bad timeout`, () => cms.get("x", { namespace: "ok", requestTimeout: -1 }));
        await failure(`${label}: bad header`, () => client.request({ method: "GET", path: "/api", headers: { "x-bad": `${secret.bearer}\r\n` } }));
        await failure(`${label}: bad command`, () => pods.exec.run("p", { namespace: "ok", command: secret.execArg as never }));
      } else {
        await failure(`${label}: request`, () => cms.get("x", at("ok")));
        await failure(`${label}: exec`, () => pods.exec.run("p", { namespace: "ws-crash", command: ["x"], requestTimeout: 2 }));
      }
      objectsChecked += assertClean(`${label}: client`, client);
      objectsChecked += assertClean(`${label}: client's own fields`, { ...client });
      objectsChecked += assertClean(`${label}: client.configuration`, client.configuration);
      objectsChecked += assertClean(`${label}: client.options`, client.options);
      objectsChecked += assertClean(`${label}: Api`, cms);
      objectsChecked += assertClean(`${label}: Api's own fields`, { ...pods });
      objectsChecked += assertClean(`${label}: exec accessor`, pods.exec);
      await client.close();
      await failure(`${label}: closed client`, () => cms.get("x", at("ok")));
      objectsChecked += assertClean(`${label}: closed client`, client);
    }
    await failure(`${backend}: token with CR/LF`, () => createClient({ configuration: { ...configurations.get("token")!, token: `${secret.bearer}\r\n` }, backend }));
    await failure(`${backend}: impersonation with NUL`, () => createClient({ configuration: { ...configurations.get("token")!, impersonate: { user: `jane\u0000${secret.bearer}` } }, backend }));
    await failure(`${backend}: proxy with a bad scheme`, () => createClient({ configuration: configurations.get("token")!, backend, options: { proxy: `ftp://puser:${secret.proxyPassword}@p:1` } }));
    await failure(`${backend}: proxy that is not a URL`, () => createClient({ configuration: configurations.get("token")!, backend, options: { proxy: `http://puser:${secret.proxyPassword}@[bad` } }));
    await failure(`${backend}: server that is not a URL`, () => createClient({ configuration: { ...configurations.get("basic")!, server: `https://admin:${secret.basicPassword}@[bad` }, backend }));
  });
}

test("the renderings find a secret however it is hidden", () => {
  const hidden = new Error("outer", { cause: Object.assign(new TypeError("Invalid URL"), { input: `http://u:${secret.proxyPassword}@x` }) });
  Object.defineProperty(hidden.cause, Symbol.for("nodejs.util.inspect.custom"), { value: () => "[redacted]" });
  assert.throws(() => assertClean("hidden", hidden), /planted secret/);
  assert.throws(() => assertClean("member", new AggregateError([new Error(secret.execArg)], "many")), /planted secret/);
  assert.throws(() => assertClean("spawnargs", Object.assign(new Error("spawn"), { spawnargs: ["--password", secret.execArg] })), /planted secret/);
});

test("the walk covered what it claims, with every planted credential in use", () => {
  for (const credential of [`Bearer ${secret.bearer}`, `Bearer ${secret.execToken}`, `Bearer ${secret.tokenFile}`, `Basic ${b64(`admin:${secret.basicPassword}`)}`]) {
    assert.ok(credentialsSeen.has(credential), `the server never saw ${credential.slice(0, 12)}…`);
  }
  assert.ok(refreshesRefused > 0, "the OIDC refresh reached the issuer");
  assert.ok(refusingProxy.seen.includes(`Basic ${b64(`puser:${secret.proxyPassword}`)}`), "the proxy saw the planted proxy password");
  assert.ok(errorsChecked >= 150, `${errorsChecked} errors checked`);
  assert.ok(objectsChecked >= 100, `${objectsChecked} objects checked`);
  process.stdout.write(`# redaction walk: ${errorsChecked} errors and ${objectsChecked} objects checked\n`);
});
