// Reading a cluster's /openapi/v3: the documents' order, the workers, the group-versions that
// vanish, and each failure's kind and message. Most cases hand fetchClusterSpec a client of
// their own (no server); those that make the client from a kubeconfig use an in-process server.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ClusterSpecError, fetchClusterSpec, type SpecClient } from "../../../codegen/cluster.js";
import { KubexApiError, KubexAuthenticationError, KubexConfigurationError, NotFound } from "../../../codegen/kubex.js";
import { json, startServer, type TestServer } from "../support/server.js";
import { testCerts } from "../support/certs.js";
import { jsonReply } from "../support/in-memory-client.js";

const token = "cluster-rules-token-0123456789";
const dir = mkdtempSync(join(tmpdir(), "kubex-cluster-rules-"));
const kubeconfig = join(dir, "kubeconfig");
const otherKubeconfig = join(dir, "other-kubeconfig");
const missing = join(dir, "no-such-kubeconfig");
let server: TestServer;
const savedKubeconfig = process.env.KUBECONFIG;

before(async () => {
  server = await startServer((req, res) => {
    if (req.headers.authorization !== `Bearer ${token}`) return json(res, 403, { kind: "Status", reason: "Forbidden", message: "openapi is forbidden", code: 403 });
    if (req.url === "/openapi/v3") return json(res, 200, { paths: { "apis/example.com/v1": {} } });
    json(res, 200, { from: req.url });
  });
  const ca = Buffer.from(testCerts().ca).toString("base64");
  const config = (current: string) => `apiVersion: v1
kind: Config
current-context: ${current}
clusters:
- { name: local, cluster: { server: "${server.url}", certificate-authority-data: ${ca} } }
users:
- { name: admin, user: { token: ${token} } }
- { name: stranger, user: { token: not-the-token } }
contexts:
- { name: main, context: { cluster: local, user: admin } }
- { name: limited, context: { cluster: local, user: stranger } }
`;
  writeFileSync(kubeconfig, config("main"));
  writeFileSync(otherKubeconfig, config("limited"));
  // A kubeconfig read when none is named must be a choice of the test, never the machine's.
  process.env.KUBECONFIG = missing;
});
after(async () => {
  if (savedKubeconfig === undefined) delete process.env.KUBECONFIG;
  else process.env.KUBECONFIG = savedKubeconfig;
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const response = jsonReply;

/** A client that lists `groupVersions` and answers each document with its path, or with `fail(path)`'s error. */
function fakeClient(groupVersions: string[] | undefined, fail: (path: string) => unknown = () => undefined) {
  const paths: string[] = [];
  let inFlight = 0;
  let peak = 0;
  const client: SpecClient = {
    request: async ({ path }) => {
      paths.push(path);
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight--;
      const error = fail(path);
      if (error !== undefined) throw error;
      if (path === "/openapi/v3") return response(groupVersions === undefined ? {} : { paths: Object.fromEntries(groupVersions.map((gv) => [gv, {}])) });
      return response({ from: path });
    },
  };
  return { client, paths, peak: () => peak };
}

const rejection = (promise: Promise<unknown>): Promise<unknown> => promise.then(() => assert.fail("resolved"), (error: unknown) => error);
const status = (code: number, reason: string, message: string) => ({ kind: "Status", apiVersion: "v1", status: "Failure", code, reason, message }) as const;

test("fetchClusterSpec: documents in the order of the dump's file names (`/` as `__`, then `_openapi.json`), not the listing's", async () => {
  const { client, paths } = fakeClient(["apis/a/v1", "apis/a/v10", "api/v1", "apis/a0/v1"]);
  const documents = await fetchClusterSpec({ client });
  // apis__a0__v1 < apis__a__v10_ < apis__a__v1_o: a digit sorts before `_`, which sorts before letters.
  const want = ["/openapi/v3/api/v1", "/openapi/v3/apis/a0/v1", "/openapi/v3/apis/a/v10", "/openapi/v3/apis/a/v1"];
  assert.deepEqual(
    documents.map((d) => d.source),
    want,
  );
  assert.deepEqual(
    documents.map((d) => d.document),
    want.map((from) => ({ from })),
  );
  assert.deepEqual(paths, ["/openapi/v3", ...want]);
});

test("fetchClusterSpec: at most six documents are read at once, and every one once", async () => {
  const groupVersions = Array.from({ length: 10 }, (_, i) => `apis/g${i}.example.com/v1`);
  const { client, paths, peak } = fakeClient(groupVersions);
  const documents = await fetchClusterSpec({ client });
  assert.equal(documents.length, 10);
  assert.equal(peak(), 6);
  assert.deepEqual(paths.slice(1).sort(), groupVersions.map((gv) => `/openapi/v3/${gv}`).sort());
});

test("fetchClusterSpec: a group-version gone since the listing is skipped; any other failure of a document is the whole read's", async () => {
  const gone = fakeClient(["apis/a/v1", "apis/b/v1", "apis/c/v1"], (path) => (path === "/openapi/v3/apis/b/v1" ? new NotFound(404, status(404, "NotFound", "not found")) : undefined));
  const documents = await fetchClusterSpec({ client: gone.client });
  assert.deepEqual(documents, [
    { source: "/openapi/v3/apis/a/v1", document: { from: "/openapi/v3/apis/a/v1" } },
    { source: "/openapi/v3/apis/c/v1", document: { from: "/openapi/v3/apis/c/v1" } },
  ]);
  const forbidden = new KubexApiError(403, status(403, "Forbidden", "no access to b"));
  const refused = fakeClient(["apis/a/v1", "apis/b/v1"], (path) => (path === "/openapi/v3/apis/b/v1" ? forbidden : undefined));
  const error = await rejection(fetchClusterSpec({ client: refused.client }));
  assert.ok(error instanceof ClusterSpecError, String(error));
  assert.equal(error.failure, "refused");
  assert.equal(error.message, `the kubeconfig: the cluster refused: ${forbidden.message}`);
  assert.equal(error.cause, forbidden);
});

test("fetchClusterSpec: a server that lists no group-version, or no paths at all, is a refusal naming the kubeconfig and context", async () => {
  for (const listed of [[], undefined]) {
    const error = await rejection(fetchClusterSpec({ client: fakeClient(listed).client }));
    assert.ok(error instanceof ClusterSpecError, String(error));
    assert.equal(error.failure, "refused");
    assert.equal(error.message, "the kubeconfig: the server's /openapi/v3 lists no group-version");
    assert.equal(error.name, "ClusterSpecError");
  }
  const named = await rejection(fetchClusterSpec({ client: fakeClient([]).client, kubeconfig: "k.yaml", context: "ctx" }));
  assert.equal((named as Error).message, 'k.yaml (context "ctx"): the server\'s /openapi/v3 lists no group-version');
});

test("fetchClusterSpec: each failure of the client has its kind and says so after where", async () => {
  const cases: [unknown, ClusterSpecError["failure"], string][] = [
    [new KubexConfigurationError("bad server URL"), "configuration", "k.yaml: bad server URL"],
    [new KubexAuthenticationError("token expired"), "authentication", "k.yaml: no credentials: token expired"],
    [new KubexApiError(500, status(500, "InternalError", "boom")), "refused", "k.yaml: the cluster refused: "],
    [new Error("ECONNREFUSED"), "unreachable", "k.yaml: the cluster did not answer: ECONNREFUSED"],
    ["not an error", "unreachable", "k.yaml: the cluster did not answer: not an error"],
  ];
  for (const [thrown, failure, message] of cases) {
    const error = await rejection(fetchClusterSpec({ client: fakeClient([], () => thrown).client, kubeconfig: "k.yaml" }));
    assert.ok(error instanceof ClusterSpecError, String(error));
    assert.equal(error.failure, failure, message);
    if (thrown instanceof KubexApiError) assert.equal(error.message, `${message}${thrown.message}`);
    else assert.equal(error.message, message);
    assert.equal(error.cause, thrown);
  }
  // A ClusterSpecError passes through as it is.
  const own = new ClusterSpecError("authentication", "already said");
  assert.equal(await rejection(fetchClusterSpec({ client: fakeClient([], () => own).client })), own);
});

test("fetchClusterSpec: a client given is used, and no kubeconfig is read", async () => {
  // KUBECONFIG names a missing file: reading it would fail.
  const { client } = fakeClient(["apis/a/v1"]);
  assert.equal((await fetchClusterSpec({ client })).length, 1);
});

test("fetchClusterSpec: the kubeconfig named, its context, or KUBECONFIG's current context; the client made is closed", async () => {
  const read = await fetchClusterSpec({ kubeconfig });
  assert.deepEqual(read, [{ source: "/openapi/v3/apis/example.com/v1", document: { from: "/openapi/v3/apis/example.com/v1" } }]);
  // The client made for the read is closed: no connection stays open.
  for (let i = 0; i < 100 && server.connections.open > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(server.connections.open, 0);
  // A context of the kubeconfig named, not its current one.
  const limited = await rejection(fetchClusterSpec({ kubeconfig, context: "limited" }));
  assert.equal((limited as ClusterSpecError).failure, "refused");
  assert.match((limited as Error).message, /^.*kubeconfig \(context "limited"\): the cluster refused: .*openapi is forbidden/);
  // A context alone: of the kubeconfig KUBECONFIG names.
  process.env.KUBECONFIG = kubeconfig;
  try {
    const context = await rejection(fetchClusterSpec({ context: "limited" }));
    assert.equal((context as ClusterSpecError).failure, "refused");
    assert.equal((await fetchClusterSpec()).length, 1);
    // A kubeconfig named wins over KUBECONFIG.
    const other = await rejection(fetchClusterSpec({ kubeconfig: otherKubeconfig }));
    assert.equal((other as ClusterSpecError).failure, "refused");
  } finally {
    process.env.KUBECONFIG = missing;
  }
});

test("fetchClusterSpec: a kubeconfig that cannot be loaded is a configuration failure with the loader's own message", async () => {
  for (const source of [{ kubeconfig: missing }, {}, { kubeconfig, context: "nowhere" }]) {
    const error = await rejection(fetchClusterSpec(source));
    assert.ok(error instanceof ClusterSpecError, String(error));
    assert.equal(error.failure, "configuration", JSON.stringify(source));
    assert.ok(error.cause instanceof KubexConfigurationError, String(error.cause));
    assert.equal(error.message, error.cause.message);
  }
});
