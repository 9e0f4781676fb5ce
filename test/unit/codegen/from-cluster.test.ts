// kubex-gen --from-cluster: a live cluster's /openapi/v3 read through kubex's own client and
// kubeconfig loading, against an in-process HTTPS server that plays the API server.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ClusterSpecError, fetchClusterSpec, generateFiles } from "../../../codegen/index.js";
import { json, startServer, type TestServer } from "../support/server.js";
import { testCerts } from "../support/certs.js";
import { crdSpec, v3Spec } from "./fixtures.js";

const root = new URL("../../..", import.meta.url).pathname;
const token = "cluster-spec-token-0123456789";
const otherToken = "other-context-token-9876543210";
// Listed out of order; one is listed, then gone before it is read (a CRD deleted meanwhile).
const documents: Record<string, unknown> = {
  "apis/tools.example.org/v1": crdSpec({ type: "object", properties: { spec: { type: "object", properties: { size: { type: "integer" } } } } }, "tools.example.org", "Gadget"),
  "apis/gone.example.org/v1": undefined,
  "apis/example.com/v1": v3Spec(),
};

let server: TestServer;
let kubeconfig: string;
const dir = mkdtempSync(join(tmpdir(), "kubex-from-cluster-"));

before(async () => {
  server = await startServer((req, res) => {
    const authorization = req.headers.authorization;
    if (authorization !== `Bearer ${token}` && authorization !== `Bearer ${otherToken}`) return json(res, 401, { kind: "Status", reason: "Unauthorized", code: 401 });
    if (authorization === `Bearer ${otherToken}`) return json(res, 403, { kind: "Status", reason: "Forbidden", message: "openapi is forbidden", code: 403 });
    const path = (req.url ?? "").split("?")[0]!;
    if (path === "/openapi/v3") {
      const paths = Object.fromEntries(Object.keys(documents).map((gv) => [gv, { serverRelativeURL: `/openapi/v3/${gv}?hash=ABC` }]));
      return json(res, 200, { paths });
    }
    const document = documents[path.replace(/^\/openapi\/v3\//, "")];
    if (document === undefined) return json(res, 404, { kind: "Status", reason: "NotFound", code: 404 });
    json(res, 200, document);
  });
  const ca = Buffer.from(testCerts().ca).toString("base64");
  kubeconfig = join(dir, "kubeconfig");
  writeFileSync(
    kubeconfig,
    `apiVersion: v1
kind: Config
current-context: main
clusters:
- { name: local, cluster: { server: "${server.url}", certificate-authority-data: ${ca} } }
- { name: closed, cluster: { server: "https://127.0.0.1:1", certificate-authority-data: ${ca} } }
users:
- { name: admin, user: { token: ${token} } }
- { name: reader, user: { token: ${otherToken} } }
contexts:
- { name: main, context: { cluster: local, user: admin } }
- { name: limited, context: { cluster: local, user: reader } }
- { name: down, context: { cluster: closed, user: admin } }
`,
  );
});
after(() => server.close());

/** The documents saved as `fetch-spec.sh --cluster` names them. */
function dumpDirectory(): string {
  const dump = join(dir, "dump");
  mkdirSync(dump, { recursive: true });
  for (const [gv, document] of Object.entries(documents)) {
    if (document !== undefined) writeFileSync(join(dump, `${gv.replace(/\//g, "__")}_openapi.json`), JSON.stringify(document));
  }
  return dump;
}

test("the cluster's group-versions, read with the kubeconfig's credentials, generate what their dump generates", async () => {
  const before = server.requests.length;
  const fromCluster = await generateFiles({ cluster: { kubeconfig }, out: dir, label: "c" });
  const fromDump = await generateFiles({ input: dumpDirectory(), out: dir, label: "c" });
  assert.deepEqual([...fromCluster.keys()].sort(), ["apimachinery/index.ts", "example.com/v1/index.ts", "index.ts", "meta/v1/index.ts", "other.com/v1/index.ts", "tools.example.org/v1/index.ts"]);
  assert.deepEqual(fromCluster, fromDump);
  const requests = server.requests.slice(before);
  assert.deepEqual(requests.map((r) => r.url).sort(), ["/openapi/v3", "/openapi/v3/apis/example.com/v1", "/openapi/v3/apis/gone.example.org/v1", "/openapi/v3/apis/tools.example.org/v1"]);
  assert.ok(requests.every((r) => r.headers.authorization === `Bearer ${token}`));
});

test("the documents come in the order of the dump's sorted file names, whatever the server's order", async () => {
  const read = await fetchClusterSpec({ kubeconfig });
  assert.deepEqual(read.map((d) => d.source), ["/openapi/v3/apis/example.com/v1", "/openapi/v3/apis/tools.example.org/v1"]);
});

test("a bad context, a cluster that does not answer, and a refusal are typed errors without the token", async () => {
  const cases: [string, ClusterSpecError["failure"], RegExp][] = [
    ["missing", "configuration", /context "missing" not found/],
    ["down", "unreachable", /the cluster did not answer/],
    ["limited", "refused", /the cluster refused: .*openapi is forbidden/],
  ];
  for (const [context, failure, message] of cases) {
    const error = await fetchClusterSpec({ kubeconfig, context }).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof ClusterSpecError, `${context}: ${String(error)}`);
    assert.equal(error.failure, failure, context);
    assert.match(error.message, message);
    assert.ok(!error.message.includes(token) && !error.message.includes(otherToken), error.message);
  }
  const missingFile = await fetchClusterSpec({ kubeconfig: join(dir, "no-such-kubeconfig") }).then(() => undefined, (e: unknown) => e);
  assert.ok(missingFile instanceof ClusterSpecError && missingFile.failure === "configuration", String(missingFile));
});

test("a client passed in is used as it is, and left open", async () => {
  const paths: string[] = [];
  const client = {
    request: async (request: { path: string }) => {
      paths.push(request.path);
      const body = request.path === "/openapi/v3" ? { paths: { "apis/example.com/v1": {} } } : v3Spec();
      return { status: 200, headers: { get: () => null, getAll: () => [] }, text: async () => JSON.stringify(body), json: async <T>() => body as T, body: async function* () {}, cancel: async () => {} };
    },
  };
  const read = await fetchClusterSpec({ client });
  assert.deepEqual(paths, ["/openapi/v3", "/openapi/v3/apis/example.com/v1"]);
  assert.equal(read.length, 1);
});

/** Runs the CLI without blocking this process, whose server must answer it. */
function cli(...args: string[]): Promise<{ status: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", join(root, "codegen/cli.ts"), ...args], { cwd: root, encoding: "utf8", timeout: 60_000 }, (error, _stdout, stderr) => {
      resolve({ status: error === null ? 0 : typeof error.code === "number" ? error.code : -1, stderr });
    });
  });
}

test("the CLI: --from-cluster with --kubeconfig and --context writes the modules; a bad context exits 1 with the reason", async () => {
  const out = join(dir, "cli");
  const ok = await cli("--from-cluster", "--kubeconfig", kubeconfig, "--context", "main", "--out", out, "--label", "c");
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(readFileSync(join(out, "c/tools.example.org/v1/index.ts"), "utf8"), /export const Gadget: ResourceDescriptor</);
  const bad = await cli("--from-cluster", "--kubeconfig", kubeconfig, "--context", "missing", "--out", out, "--label", "c");
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /^kubex-gen: kubeconfig .*: context "missing" not found\n$/);
  const stray = await cli("--context", "main", "--input", dumpDirectory(), "--out", out, "--label", "c");
  assert.equal(stray.status, 2);
  assert.match(stray.stderr, /--kubeconfig and --context go with --from-cluster/);
});

test("a list that takes the watch parameter serves watch: a cluster publishes no /watch/ paths for its CRDs", async () => {
  const { findResources, loadDocuments } = await import("../../../codegen/index.js");
  const spec = crdSpec({ type: "object" }, "example.com", "Widget") as { paths: Record<string, Record<string, unknown>> };
  const list = "/apis/example.com/v1/namespaces/{namespace}/widgets";
  const listOperation = spec.paths[list]!.get as Record<string, unknown>;
  const verbs = () => findResources(loadDocuments([{ source: "widgets", document: spec }])).find((r) => r.kind === "Widget")!.verbs;
  assert.ok(!verbs().includes("watch"), "a list without the parameter is no watch");
  spec.paths[list]!.get = { ...listOperation, parameters: [{ name: "limit", in: "query" }, { name: "watch", in: "query" }] };
  assert.ok(verbs().includes("watch"), "the parameter on the operation");
  spec.paths[list]!.get = listOperation;
  spec.paths[list]!.parameters = [{ name: "watch", in: "query" }];
  assert.ok(verbs().includes("watch"), "the parameter on the path, for all its operations");
  // Where the group-version publishes /watch/ paths (built-in documents), they alone say.
  spec.paths["/apis/example.com/v1/watch/gadgets"] = { get: { "x-kubernetes-action": "watchlist", "x-kubernetes-group-version-kind": { group: "example.com", version: "v1", kind: "Gadget" } } };
  assert.ok(!verbs().includes("watch"), "a ComponentStatus: its list takes watch, the server cannot watch it");
});

test("with neither a kubeconfig nor a context, KUBECONFIG's current context is used, as kubectl does", async () => {
  const saved = process.env.KUBECONFIG;
  process.env.KUBECONFIG = kubeconfig;
  try {
    const read = await fetchClusterSpec();
    assert.equal(read.length, 2);
  } finally {
    if (saved === undefined) delete process.env.KUBECONFIG;
    else process.env.KUBECONFIG = saved;
  }
});
