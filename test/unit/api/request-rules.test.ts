// Each call option and its place in the request, and each refusal's message, rule by rule:
// checked against a client that records the requests it would send.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Api, KubexArgumentError } from "../../../runtime/index.js";
import { ConfigMap, Namespace, Pod } from "../../../generated/k8s/v1_35/core/v1/index.js";
import { Deployment } from "../../../generated/k8s/v1_35/apps/v1/index.js";
import { last, query, RecordingClient } from "./recording-client.js";

function setup() {
  const client = new RecordingClient();
  return { client, configMaps: new Api(ConfigMap, { client, namespace: "n" }), pods: new Api(Pod, { client, namespace: "n" }) };
}

const body = (client: RecordingClient) => JSON.parse(last(client).body as string) as Record<string, unknown>;

function refused(argument: string, message: string) {
  return (e: unknown) => {
    assert.ok(e instanceof KubexArgumentError, `got ${String(e)}`);
    assert.equal(e.argument, argument);
    assert.ok(e.message.endsWith(message), `message: ${e.message}`);
    return true;
  };
}

test("get: resourceVersion goes in the query, and no query at all without it", async () => {
  const { client, configMaps } = setup();
  await configMaps.get("c", { resourceVersion: "0" });
  assert.deepEqual(last(client).query, [["resourceVersion", "0"]]);
  await configMaps.get("c");
  assert.equal("query" in last(client), false);
  assert.equal("headers" in last(client), false, "no accept header unless metadata only");
});

test("call options: requestTimeout, signal and retry are carried on every request; none when absent", async () => {
  const { client, configMaps } = setup();
  const signal = new AbortController().signal;
  await configMaps.get("c", { requestTimeout: 4, signal, retry: false });
  assert.deepEqual([last(client).timeout, last(client).signal, last(client).retry], [4, signal, false]);
  await configMaps.list({ retry: { maxAttempts: 2 } } as never);
  assert.deepEqual(last(client).retry, { maxAttempts: 2 });
  await configMaps.get("c", {});
  for (const field of ["timeout", "signal", "retry"]) assert.equal(field in last(client), false, field);
});

test("watch: requestTimeout alone is the total bound; signal and retry are carried", async () => {
  const { client, configMaps } = setup();
  const signal = new AbortController().signal;
  for await (const _ of configMaps.watch({ requestTimeout: 60, signal, retry: false })) void _;
  assert.deepEqual([last(client).timeout, last(client).signal, last(client).retry], [{ total: 60 }, signal, false]);
  for await (const _ of configMaps.watch()) void _;
  for (const field of ["timeout", "signal", "retry"]) assert.equal(field in last(client), false, field);
});

test("watch query: selectors, timeoutSeconds, bookmarks without a streaming list", async () => {
  const { client, configMaps } = setup();
  for await (const _ of configMaps.watch({ fieldSelector: "metadata.name=a", timeoutSeconds: 30, allowWatchBookmarks: true, sendInitialEvents: false })) void _;
  assert.equal(query(last(client)), "watch=true&fieldSelector=metadata.name%3Da&allowWatchBookmarks=true&timeoutSeconds=30");
  for await (const _ of configMaps.watch({ allowWatchBookmarks: false })) void _;
  assert.equal(query(last(client)), "watch=true");
  for await (const _ of configMaps.watch({ allNamespaces: true })) void _;
  assert.equal(last(client).path, "/api/v1/configmaps");
});

test("list: allNamespaces only when true; an explicit namespace otherwise", async () => {
  const { client, configMaps } = setup();
  await configMaps.list({ allNamespaces: false });
  assert.equal(last(client).path, "/api/v1/namespaces/n/configmaps");
  await configMaps.list({ namespace: "other" });
  assert.equal(last(client).path, "/api/v1/namespaces/other/configmaps");
  await configMaps.list();
  assert.deepEqual(last(client).query, []);
});

test("writes: dryRun false and undefined add nothing; dryRun \"All\" is All", async () => {
  const { client, configMaps } = setup();
  await configMaps.create({ metadata: { name: "c" } }, { dryRun: false });
  assert.deepEqual(last(client).query, []);
  await configMaps.create({ metadata: { name: "c" } }, { dryRun: "All", fieldValidation: "Ignore" });
  assert.equal(query(last(client)), "dryRun=All&fieldValidation=Ignore");
  await configMaps.replace("c", { metadata: { name: "c" } }, { fieldManager: "m" });
  assert.equal(query(last(client)), "fieldManager=m");
  assert.equal(last(client).path, "/api/v1/namespaces/n/configmaps/c");
});

test("writes: the namespace is the call's, else the object's, else the Api's", async () => {
  const { client, configMaps } = setup();
  await configMaps.create({ metadata: { name: "c", namespace: "obj" } });
  assert.equal(last(client).path, "/api/v1/namespaces/obj/configmaps");
  await configMaps.create({ metadata: { name: "c", namespace: "obj" } }, { namespace: "call" });
  assert.equal(last(client).path, "/api/v1/namespaces/call/configmaps");
  await configMaps.create({ metadata: { name: "c" } });
  assert.equal(last(client).path, "/api/v1/namespaces/n/configmaps");
});

test("writes: apiVersion and kind are filled only where absent, the caller's own kept", async () => {
  const { client, configMaps } = setup();
  await configMaps.create({ apiVersion: "v1", metadata: { name: "c" } });
  assert.deepEqual(body(client), { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" } });
  await configMaps.create({ kind: "Other", metadata: { name: "c" } } as never);
  assert.deepEqual(body(client), { apiVersion: "v1", kind: "Other", metadata: { name: "c" } });
  await configMaps.create({ apiVersion: "x/v9", kind: "Other", metadata: { name: "c" } } as never);
  assert.deepEqual(body(client), { apiVersion: "x/v9", kind: "Other", metadata: { name: "c" } });
});

for (const [value, got] of [[null, "got null"], [[], "got an array"], ["x", "got string"], [5, "got number"]] as const) {
  test(`create, replace, patch: an object of ${JSON.stringify(value)} is refused (${got})`, async () => {
    const { client, configMaps } = setup();
    await assert.rejects(configMaps.create(value as never), refused("object", `must be an object, ${got}`));
    await assert.rejects(configMaps.replace("c", value as never), refused("object", `must be an object, ${got}`));
    if (!Array.isArray(value)) await assert.rejects(configMaps.patch("c", value as never), refused("patch", `must be an object, ${got}`));
    assert.equal(client.sent.length, 0);
  });
}

test("patch: an unknown type is refused naming the four kinds", async () => {
  const { configMaps } = setup();
  await assert.rejects(configMaps.patch("c", {}, { type: "yaml" } as never), refused("options.type", 'must be one of merge, strategic, json, apply, got "yaml"'));
  await assert.rejects(configMaps.patch("c", {}, { type: "toString" } as never), refused("options.type", 'must be one of merge, strategic, json, apply, got "toString"'));
  // Only undefined means the default (merge): null names no patch type.
  await assert.rejects(configMaps.patch("c", {}, { type: null } as never), refused("options.type", "must be one of merge, strategic, json, apply, got null"));
});

test("patch: a strategic merge patch of a custom resource is refused; of a built-in kind it is sent", async () => {
  const client = new RecordingClient();
  const widgets = new Api({ ...ConfigMap, custom: true } as typeof ConfigMap, { client, namespace: "n" });
  await assert.rejects(widgets.patch("w", {}, { type: "strategic" }), refused("options.type", "a custom resource takes no strategic merge patch (the server answers 415): use merge, json or apply"));
  await widgets.patch("w", { data: { a: "1" } }, { type: "merge" });
  assert.deepEqual(body(client), { data: { a: "1" } });
});

test("patch: a JSON patch must be an array; apply needs a fieldManager", async () => {
  const { configMaps } = setup();
  await assert.rejects(configMaps.patch("c", {} as never, { type: "json" }), refused("patch", "a JSON patch must be an array of operations"));
  await assert.rejects(configMaps.patch("c", {}, { type: "apply", fieldManager: "" }), refused("options.fieldManager", "server-side apply needs a fieldManager"));
});

test("patch: apply takes the object's namespace; merge ignores it; force only when true", async () => {
  const { client, configMaps } = setup();
  await configMaps.patch("c", { metadata: { namespace: "obj" } }, { type: "apply", fieldManager: "m" });
  assert.equal(last(client).path, "/api/v1/namespaces/obj/configmaps/c");
  await configMaps.patch("c", { metadata: { namespace: "obj" } }, { force: false });
  assert.equal(last(client).path, "/api/v1/namespaces/n/configmaps/c");
  assert.deepEqual(last(client).query, []);
  assert.deepEqual(last(client).headers, { "content-type": "application/merge-patch+json" });
  await configMaps.patch("c", { metadata: { namespace: "obj" } }, { namespace: "call" });
  assert.equal(last(client).path, "/api/v1/namespaces/call/configmaps/c");
  await configMaps.patch("c", [], { type: "json", dryRun: true });
  assert.deepEqual([last(client).body, query(last(client))], ["[]", "dryRun=All"]);
});

test("patch of metadata only asks for PartialObjectMetadata beside the content type", async () => {
  const { client, configMaps } = setup();
  await configMaps.metadata.patch("c", { metadata: { labels: { a: "b" } } });
  assert.equal(last(client).headers?.["content-type"], "application/merge-patch+json");
  assert.match(last(client).headers?.accept ?? "", /^application\/json;as=PartialObjectMetadata;/);
});

test("delete: dryRun in the query and in the DeleteOptions body; no body without options that need one", async () => {
  const { client, configMaps } = setup();
  await configMaps.delete("c", { dryRun: true });
  assert.equal(query(last(client)), "dryRun=All");
  assert.deepEqual(body(client), { apiVersion: "v1", kind: "DeleteOptions", dryRun: ["All"] });
  await configMaps.delete("c", { dryRun: false, requestTimeout: 3 });
  assert.deepEqual([last(client).query, last(client).body, last(client).timeout], [[], undefined, 3]);
  await configMaps.delete("c", { namespace: "other" });
  assert.equal(last(client).path, "/api/v1/namespaces/other/configmaps/c");
});

test("deleteCollection: list options in the query; DeleteOptions in the body; none without", async () => {
  const { client, configMaps } = setup();
  await configMaps.deleteCollection({ fieldSelector: "a=b", limit: 3, gracePeriodSeconds: 5, namespace: "other" });
  assert.equal(last(client).path, "/api/v1/namespaces/other/configmaps");
  assert.equal(query(last(client)), "fieldSelector=a%3Db&limit=3");
  assert.deepEqual(body(client), { apiVersion: "v1", kind: "DeleteOptions", gracePeriodSeconds: 5 });
  await configMaps.deleteCollection();
  assert.deepEqual([last(client).query, last(client).body], [[], undefined]);
  await configMaps.deleteCollection({ dryRun: false });
  assert.deepEqual([last(client).query, last(client).body], [[], undefined]);
});

test("logs: follow and sinceTime in the query; text accepted; no query without options", async () => {
  const { client, pods } = setup();
  for await (const _ of pods.logs.stream("p", { follow: true, sinceTime: "2024-01-01T00:00:00Z", timestamps: false, previous: false })) void _;
  assert.equal(query(last(client)), "follow=true&sinceTime=2024-01-01T00%3A00%3A00Z");
  assert.deepEqual(last(client).headers, { accept: "text/plain, */*" });
  await pods.logs.get("p");
  assert.deepEqual([last(client).query, last(client).path], [[], "/api/v1/namespaces/n/pods/p/log"]);
  for await (const _ of pods.logs.stream("p")) void _;
  assert.deepEqual(last(client).query, [], "no follow unless asked");
});

test("eviction: the body names the pod in the call's namespace; the caller's DeleteOptions and metadata are kept", async () => {
  const { client, pods } = setup();
  await pods.eviction.create("p", { deleteOptions: { gracePeriodSeconds: 1 }, metadata: { labels: { a: "b" } } }, { namespace: "other", dryRun: true });
  assert.equal(last(client).path, "/api/v1/namespaces/other/pods/p/eviction");
  assert.equal(query(last(client)), "dryRun=All");
  assert.deepEqual(body(client), { apiVersion: "policy/v1", kind: "Eviction", deleteOptions: { gracePeriodSeconds: 1 }, metadata: { name: "p", namespace: "other", labels: { a: "b" } } });
  await assert.rejects(pods.eviction.create("p", [] as never), refused("eviction", "must be an object, got an array"));
});

test("a cluster-scoped kind's list and create have no namespace in the path", async () => {
  const client = new RecordingClient();
  const namespaces = new Api(Namespace, { client });
  await namespaces.list();
  assert.equal(last(client).path, "/api/v1/namespaces");
  await namespaces.create({ metadata: { name: "x" } });
  assert.equal(last(client).path, "/api/v1/namespaces");
});

test("watch: a requestTimeout that sets its own read bound wins over inactivityTimeout", async () => {
  const { client, configMaps } = setup();
  for await (const _ of configMaps.watch({ inactivityTimeout: 30, requestTimeout: { read: 5 } })) void _;
  assert.deepEqual(last(client).timeout, { read: 5 });
});

test("writes: a bad namespace is refused naming where it came from (the call's option or the object)", async () => {
  const { client, configMaps } = setup();
  await assert.rejects(configMaps.create({ metadata: { name: "c", namespace: "a/b" } }), (e: unknown) => e instanceof KubexArgumentError && e.argument === "object.metadata.namespace");
  await assert.rejects(configMaps.create({ metadata: { name: "c" } }, { namespace: "a/b" }), (e: unknown) => e instanceof KubexArgumentError && e.argument === "options.namespace");
  await assert.rejects(configMaps.replace("c", { metadata: { name: "c", namespace: "a/b" } }), (e: unknown) => e instanceof KubexArgumentError && e.argument === "object.metadata.namespace");
  await assert.rejects(configMaps.apply({ metadata: { name: "c", namespace: "a/b" } }, { fieldManager: "m" }), (e: unknown) => e instanceof KubexArgumentError && e.argument === "object.metadata.namespace");
  await assert.rejects(configMaps.patch("c", {}, { namespace: "a/b" }), (e: unknown) => e instanceof KubexArgumentError && e.argument === "options.namespace");
  assert.equal(client.sent.length, 0);
});

test("replace of a subresource carries that subresource's identity; metadata get asks for metadata", async () => {
  const client = new RecordingClient();
  const deployments = new Api(Deployment, { client, namespace: "n" });
  await deployments.scale.replace("web", { spec: { replicas: 2 } });
  assert.equal(last(client).path, "/apis/apps/v1/namespaces/n/deployments/web/scale");
  assert.deepEqual(body(client), { apiVersion: "autoscaling/v1", kind: "Scale", spec: { replicas: 2 } });
  await deployments.status.replace("web", { status: {} });
  assert.deepEqual(body(client), { apiVersion: "apps/v1", kind: "Deployment", status: {} });
  await deployments.metadata.get("web", { resourceVersion: "0" });
  assert.deepEqual([last(client).query, last(client).headers?.accept?.startsWith("application/json;as=PartialObjectMetadata;")], [[["resourceVersion", "0"]], true]);
});

test("each call's HTTP method, and the argument a bad name or namespace is refused under", async () => {
  const { client, configMaps, pods } = setup();
  const methods: string[] = [];
  const record = () => methods.push(last(client).method);
  await configMaps.get("c"); record();
  await configMaps.list(); record();
  await configMaps.create({ metadata: { name: "c" } }); record();
  await configMaps.replace("c", { metadata: { name: "c" } }); record();
  await configMaps.patch("c", {}); record();
  await configMaps.delete("c"); record();
  await configMaps.deleteCollection(); record();
  for await (const _ of configMaps.watch()) void _;
  record();
  await pods.logs.get("p"); record();
  await pods.eviction.create("p"); record();
  assert.deepEqual(methods, ["GET", "GET", "POST", "PUT", "PATCH", "DELETE", "DELETE", "GET", "GET", "POST"]);
  const under = (argument: string) => (e: unknown) => e instanceof KubexArgumentError && e.argument === argument;
  await assert.rejects(configMaps.replace("a/b", { metadata: {} }), under("name"));
  await assert.rejects(configMaps.patch("a/b", {}), under("name"));
  await assert.rejects(configMaps.list({ namespace: "a/b" }), under("options.namespace"));
});
