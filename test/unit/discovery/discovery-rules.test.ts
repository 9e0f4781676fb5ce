// Discovery rule by rule against answers in memory: which apiVersions and kinds are asked about,
// the path asked, what is cached and what is forgotten, and each refusal's exact words.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { KubeRequest, KubeResponse } from "../../../runtime/client/request.js";
import { descriptorFromResourceList, Discovery, discoveryFor, resolve, type APIResourceList } from "../../../runtime/discovery/index.js";
import { apiErrorFromResponse, KubexArgumentError, KubexProtocolError, NotFound } from "../../../runtime/errors.js";
import { InMemoryClient, jsonReply, notFound } from "../support/in-memory-client.js";

/** Answers discovery paths from a table (a missing path is a 404); an Error in the table is thrown. */
class Answers extends InMemoryClient {
  readonly sent: KubeRequest[] = [];
  constructor(public answers: Record<string, unknown>) {
    super();
  }
  async request(r: KubeRequest): Promise<KubeResponse> {
    this.sent.push(r);
    const answer = this.answers[r.path];
    if (answer instanceof Error) throw answer;
    if (!(r.path in this.answers)) throw notFound();
    return jsonReply(answer);
  }
  paths(): string[] {
    return this.sent.map((r) => r.path);
  }
}

const entry = (name: string, kind: string, namespaced = true, verbs = ["get", "list"]) => ({ name, kind, namespaced, verbs });
const list = (groupVersion: string, ...resources: unknown[]) => ({ kind: "APIResourceList", groupVersion, resources });

const accepted: [apiVersion: string, path: string, group: string, version: string][] = [
  ["v1", "/api/v1", "", "v1"],
  ["v2alpha1", "/api/v2alpha1", "", "v2alpha1"],
  ["apps/v1", "/apis/apps/v1", "apps", "v1"],
  ["a/v1", "/apis/a/v1", "a", "v1"],
  ["x9.example-1.com/v1beta2", "/apis/x9.example-1.com/v1beta2", "x9.example-1.com", "v1beta2"],
  ["9a.b/v10", "/apis/9a.b/v10", "9a.b", "v10"],
];
for (const [apiVersion, path, group, version] of accepted) {
  test(`resolve: apiVersion ${apiVersion} is asked at ${path}, group ${JSON.stringify(group)}, version ${version}`, async () => {
    const client = new Answers({ [path]: list(apiVersion, entry("things", "Thing")) });
    const thing = await new Discovery(client).resolve(apiVersion, "Thing");
    assert.deepEqual([thing.group, thing.version, thing.apiVersion], [group, version, apiVersion]);
    assert.deepEqual(client.paths(), [path]);
  });
}

const refused = ["V1", "v", "1", "apps/", "apps/1", "apps/V1", "apps/v1 ", " apps/v1", "-a.com/v1", "a-.com/v1", "a..b/v1", ".a/v1", "a./v1", "a_b/v1", "Apps/v1", "apps/v1/x", "apps/v-1", "/v1", "apps//v1", "ns/apps/v1"];
for (const apiVersion of refused) {
  test(`resolve: apiVersion ${JSON.stringify(apiVersion)} is refused, naming it, before any request`, async () => {
    const client = new Answers({});
    await assert.rejects(new Discovery(client).resolve(apiVersion, "Thing"), (e: unknown) =>
      e instanceof KubexArgumentError && e.message === `apiVersion: expected "<version>" or "<group>/<version>", got ${JSON.stringify(apiVersion)}`);
    assert.deepEqual(client.sent, []);
  });
}

test("resolve: an apiVersion that is not a string is refused by its text; a long one is cut to 100 characters", async () => {
  const discovery = new Discovery(new Answers({}));
  await assert.rejects(discovery.resolve(5 as never, "Thing"), (e: unknown) => e instanceof KubexArgumentError && e.argument === "apiVersion" && e.message.endsWith(`got "5"`));
  // Its text would pass: only a string is read.
  await assert.rejects(discovery.resolve(["v1"] as never, "Thing"), (e: unknown) => e instanceof KubexArgumentError && e.argument === "apiVersion" && e.message.endsWith(`got "v1"`));
  const long = `${"a".repeat(120)}/V1`;
  await assert.rejects(discovery.resolve(long, "Thing"), (e: unknown) => e instanceof KubexArgumentError && e.message.endsWith(`got ${JSON.stringify(long.slice(0, 100))}`));
});

test("resolve: a kind is a letter then letters and digits; anything else is refused with the same words", async () => {
  const client = new Answers({ "/api/v1": list("v1", entry("pod2s", "Pod2"), entry("as", "A")) });
  const discovery = new Discovery(client);
  assert.equal((await discovery.resolve("v1", "Pod2")).plural, "pod2s");
  assert.equal((await discovery.resolve("v1", "A")).plural, "as");
  // ["Pod"] reads as "Pod": only a string is taken.
  for (const kind of ["2Pod", "Po-d", "Pod ", " Pod", "Pód", 5, ["Pod"]]) {
    await assert.rejects(discovery.resolve("v1", kind as string), (e: unknown) =>
      e instanceof KubexArgumentError && e.message === `kind: expected a kind name such as "Deployment"`, String(kind));
  }
  assert.deepEqual(client.paths(), ["/api/v1"]);
});

test("resolve: a kind not served is NotFound with a Status naming the kind, the apiVersion and the group", async () => {
  const discovery = new Discovery(new Answers({ "/apis/example.com/v1": list("example.com/v1") }));
  for (const apiVersion of ["example.com/v1", "nothere.example.com/v1"]) {
    await assert.rejects(discovery.resolve(apiVersion, "Widget"), (e: unknown) => {
      assert.ok(e instanceof NotFound, String(e));
      assert.equal(e.status, 404);
      assert.deepEqual(e.body, {
        kind: "Status", status: "Failure", reason: "NotFound", code: 404, message: `the server does not serve kind Widget in ${apiVersion}`,
        details: { group: apiVersion.split("/")[0], kind: "Widget" },
      });
      return true;
    });
  }
});

test("descriptorFromResourceList: the main entry is the kind's entry without a slash, wherever it is listed; its subresources are its name's", () => {
  const served: APIResourceList = {
    groupVersion: "apps/v1",
    resources: [
      entry("deployments/status", "Deployment"),
      entry("deployments/scale", "Scale"),
      entry("deploymentsx", "Other"),
      entry("deploymentsx/status", "Other"),
      entry("deployments", "Deployment", true, ["get", "patch"]),
      entry("nodes", "Node", false, ["get"]),
    ],
  };
  const deployment = descriptorFromResourceList(served, "apps", "v1", "Deployment");
  assert.deepEqual(
    deployment && { group: deployment.group, version: deployment.version, kind: deployment.kind, plural: deployment.plural, namespaced: deployment.namespaced, verbs: deployment.verbs, subresources: deployment.subresources },
    { group: "apps", version: "v1", kind: "Deployment", plural: "deployments", namespaced: true, verbs: ["get", "patch"], subresources: ["status", "scale"] },
  );
  const node = descriptorFromResourceList(served, "apps", "v1", "Node");
  assert.deepEqual([node?.namespaced, node?.verbs, node?.subresources], [false, ["get"], []]);
  assert.equal(descriptorFromResourceList(served, "apps", "v1", "Scale"), undefined, "a kind served only as a subresource has no descriptor");
});

test("resolve: an entry whose plural cannot be a path segment is a protocol error naming the path and the kind, with the refusal as cause", async () => {
  for (const [apiVersion, path] of [["example.com/v1", "/apis/example.com/v1"], ["v1", "/api/v1"]] as const) {
    const discovery = new Discovery(new Answers({ [path]: list(apiVersion, entry("Widgets!", "Widget")) }));
    await assert.rejects(discovery.resolve(apiVersion, "Widget"), (e: unknown) => {
      assert.ok(e instanceof KubexProtocolError, String(e));
      assert.ok(e.cause instanceof KubexArgumentError);
      assert.equal(e.message, `${path}: the resources entry for Widget is not usable: ${e.cause.message}`);
      return true;
    });
  }
});

const malformed: [string, unknown][] = [
  ["null", null],
  ["a list", []],
  ["a string", "resources"],
  ["resources that is not a list", { resources: {} }],
  ["a verb that is not a string", list("example.com/v1", { ...entry("widgets", "Widget"), verbs: ["get", 1] })],
  ["a kind that is not a string", list("example.com/v1", { ...entry("widgets", "Widget"), kind: 1 })],
  ["an entry that is a string", list("example.com/v1", "widgets")],
];
for (const [label, body] of malformed) {
  test(`resources: an answer that is ${label} is a protocol error naming the path and the expected shape`, async () => {
    const discovery = new Discovery(new Answers({ "/apis/example.com/v1": body }));
    await assert.rejects(discovery.resources("example.com/v1"), (e: unknown) =>
      e instanceof KubexProtocolError && e.message === "/apis/example.com/v1: expected an APIResourceList with a resources array of { name, kind, namespaced, verbs }");
  });
}

test("resources: an answer is cached per group/version; an unserved one is undefined and cached too", async () => {
  const client = new Answers({ "/apis/apps/v1": list("apps/v1", entry("deployments", "Deployment")), "/api/v1": list("v1") });
  const discovery = new Discovery(client);
  const first = await discovery.resources("apps/v1");
  assert.equal(await discovery.resources("apps/v1"), first);
  assert.equal(await discovery.resources("nothere.example.com/v1"), undefined);
  assert.equal(await discovery.resources("nothere.example.com/v1"), undefined);
  await discovery.resources("v1");
  assert.deepEqual(client.paths(), ["/apis/apps/v1", "/apis/nothere.example.com/v1", "/api/v1"]);
});

test("resources: a failure other than NotFound is thrown as it is and not remembered: the next call asks again", async () => {
  const failure = apiErrorFromResponse(500, JSON.stringify({ kind: "Status", code: 500, message: "etcd is down" }));
  const client = new Answers({ "/apis/apps/v1": failure });
  const discovery = new Discovery(client);
  await assert.rejects(discovery.resources("apps/v1"), (e: unknown) => e === failure);
  await assert.rejects(discovery.resolve("apps/v1", "Deployment"), (e: unknown) => e === failure);
  client.answers["/apis/apps/v1"] = list("apps/v1", entry("deployments", "Deployment"));
  assert.equal((await discovery.resolve("apps/v1", "Deployment")).plural, "deployments");
  assert.deepEqual(client.paths(), ["/apis/apps/v1", "/apis/apps/v1", "/apis/apps/v1"]);
});

test("invalidate: one group/version, or everything when none is named", async () => {
  const client = new Answers({ "/apis/apps/v1": list("apps/v1"), "/apis/batch/v1": list("batch/v1") });
  const discovery = new Discovery(client);
  const both = async () => Promise.all([discovery.resources("apps/v1"), discovery.resources("batch/v1")]);
  await both();
  discovery.invalidate("apps/v1");
  await both();
  assert.deepEqual(client.paths(), ["/apis/apps/v1", "/apis/batch/v1", "/apis/apps/v1"]);
  discovery.invalidate();
  await both();
  assert.deepEqual(client.paths().slice(3), ["/apis/apps/v1", "/apis/batch/v1"]);
});

test("resources and resolve: the signal is sent with the request when given, and only then", async () => {
  const client = new Answers({ "/apis/apps/v1": list("apps/v1", entry("deployments", "Deployment")), "/api/v1": list("v1", entry("pods", "Pod")) });
  const signal = new AbortController().signal;
  await new Discovery(client).resolve("apps/v1", "Deployment", { signal });
  await resolve(client, "v1", "Pod", { signal });
  await new Discovery(client).resources("apps/v1");
  assert.deepEqual(client.sent.map((r) => [r.method, r.signal === signal, "signal" in r]), [["GET", true, true], ["GET", true, true], ["GET", false, false]]);
});

test("discoveryFor: one cache per client, shared by resolve()", async () => {
  const a = new Answers({ "/api/v1": list("v1", entry("pods", "Pod")) });
  const b = new Answers({ "/api/v1": list("v1", entry("pods", "Pod")) });
  assert.equal(discoveryFor(a), discoveryFor(a));
  assert.notEqual(discoveryFor(a), discoveryFor(b));
  await resolve(a, "v1", "Pod");
  await discoveryFor(a).resolve("v1", "Pod");
  await resolve(b, "v1", "Pod");
  assert.deepEqual([a.sent.length, b.sent.length], [1, 1]);
});
