// The Api builds requests as plain data: checked here against a client that records them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Api, defineResource, Gone, jsonPointer, KubexArgumentError, KubexProtocolError } from "../../../runtime/index.js";
import { splitLines } from "../../../runtime/api/lines.js";
import { ConfigMap, Namespace, Pod } from "../../../generated/k8s/v1_35/core/v1/index.js";
import { Deployment } from "../../../generated/k8s/v1_35/apps/v1/index.js";
import { last, query, RecordingClient } from "./recording-client.js";

test("paths: namespace precedence (call, Api, configuration), cluster scope, groups, all namespaces", async () => {
  const client = new RecordingClient();
  const pods = new Api(Pod, { client, namespace: "api-ns" });
  await pods.get("web");
  assert.equal(last(client).path, "/api/v1/namespaces/api-ns/pods/web");
  await pods.get("web", { namespace: "call-ns" });
  assert.equal(last(client).path, "/api/v1/namespaces/call-ns/pods/web");
  await new Api(Pod, { client }).list();
  assert.equal(last(client).path, "/api/v1/namespaces/from-config/pods");
  await pods.list({ allNamespaces: true });
  assert.equal(last(client).path, "/api/v1/pods");
  await new Api(Namespace, { client }).get("kube-system");
  assert.equal(last(client).path, "/api/v1/namespaces/kube-system");
  await new Api(Deployment, { client, namespace: "d" }).scale.get("web");
  assert.equal(last(client).path, "/apis/apps/v1/namespaces/d/deployments/web/scale");
  await pods.get("we:ird");
  assert.equal(last(client).path, "/api/v1/namespaces/api-ns/pods/we%3Aird");
  await assert.rejects(pods.get(""), /name: not a valid name: must not be empty/);
});

test("list and watch queries; sendInitialEvents brings resourceVersionMatch=NotOlderThan and bookmarks", async () => {
  const client = new RecordingClient();
  const cms = new Api(ConfigMap, { client, namespace: "n" });
  await cms.list({ labelSelector: "a=b", fieldSelector: "metadata.name=x", limit: 5, continue: "tok", resourceVersion: "10", resourceVersionMatch: "NotOlderThan", timeoutSeconds: 3 });
  assert.equal(query(last(client)), "labelSelector=a%3Db&fieldSelector=metadata.name%3Dx&limit=5&continue=tok&resourceVersion=10&resourceVersionMatch=NotOlderThan&timeoutSeconds=3");
  for await (const _ of cms.watch({ sendInitialEvents: true, labelSelector: "a" })) void _;
  assert.equal(query(last(client)), "watch=true&labelSelector=a&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true");
  for await (const _ of cms.watch({ resourceVersion: "5", allowWatchBookmarks: true, inactivityTimeout: 30 })) void _;
  assert.equal(query(last(client)), "watch=true&resourceVersion=5&allowWatchBookmarks=true");
  assert.deepEqual(last(client).timeout, { read: 30 });
  for await (const _ of cms.watch({ inactivityTimeout: 30, requestTimeout: 600 })) void _;
  assert.deepEqual(last(client).timeout, { read: 30, total: 600 }, "a total from requestTimeout keeps the inactivity bound");
  for await (const _ of cms.metadata.watch({ inactivityTimeout: 5 })) void _;
  assert.deepEqual([last(client).timeout, last(client).headers?.accept?.startsWith("application/json;as=PartialObjectMetadata;")], [{ read: 5 }, true]);
});

test("writes: identity filled without mutating the caller's object; dryRun, fieldManager, fieldValidation", async () => {
  const client = new RecordingClient();
  const cms = new Api(ConfigMap, { client, namespace: "n" });
  const mine = { metadata: { name: "c" }, data: { a: "1" } };
  await cms.create(mine, { dryRun: true, fieldManager: "me", fieldValidation: "Strict" });
  assert.deepEqual(mine, { metadata: { name: "c" }, data: { a: "1" } });
  assert.deepEqual(JSON.parse(last(client).body as string), { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data: { a: "1" } });
  assert.equal(query(last(client)), "dryRun=All&fieldManager=me&fieldValidation=Strict");
  await cms.replace("c", { metadata: { name: "c", namespace: "other", resourceVersion: "3" } });
  assert.equal(last(client).method, "PUT");
  assert.equal(last(client).path, "/api/v1/namespaces/other/configmaps/c");
});

test("the four patch kinds: content types, force, and a fieldManager required for apply", async () => {
  const client = new RecordingClient();
  const cms = new Api(ConfigMap, { client, namespace: "n" });
  const type = () => last(client).headers?.["content-type"];
  await cms.patch("c", { data: { a: "1" } });
  assert.equal(type(), "application/merge-patch+json");
  await cms.patch("c", { data: { a: null } }, { type: "strategic" });
  assert.equal(type(), "application/strategic-merge-patch+json");
  await cms.patch("c", [{ op: "add", path: jsonPointer("metadata", "annotations", "example.com/a~b"), value: "x" }], { type: "json" });
  assert.equal(type(), "application/json-patch+json");
  assert.equal(JSON.parse(last(client).body as string)[0].path, "/metadata/annotations/example.com~1a~0b");
  await cms.apply({ metadata: { name: "c" }, data: { a: "1" } }, { fieldManager: "kubex", force: true });
  assert.equal(type(), "application/apply-patch+yaml");
  assert.equal(query(last(client)), "fieldManager=kubex&force=true");
  assert.equal(JSON.parse(last(client).body as string).kind, "ConfigMap");
  await assert.rejects(cms.patch("c", {}, { type: "apply" } as never), /server-side apply needs a fieldManager/);
});

test("subresource writes carry the identity the server needs for apply (status: the object's, scale: Scale)", async () => {
  const client = new RecordingClient();
  const deployments = new Api(Deployment, { client, namespace: "n" });
  await deployments.status.patch("web", { status: { replicas: 1 } }, { type: "apply", fieldManager: "m" });
  assert.deepEqual(JSON.parse(last(client).body as string), { apiVersion: "apps/v1", kind: "Deployment", status: { replicas: 1 } });
  await deployments.scale.patch("web", { spec: { replicas: 2 } }, { type: "apply", fieldManager: "m" });
  assert.deepEqual(JSON.parse(last(client).body as string), { apiVersion: "autoscaling/v1", kind: "Scale", spec: { replicas: 2 } });
  await deployments.status.patch("web", { status: { replicas: 1 } });
  assert.deepEqual(JSON.parse(last(client).body as string), { status: { replicas: 1 } }, "a merge patch is sent as given");
});

test("delete and deleteCollection send DeleteOptions", async () => {
  const client = new RecordingClient();
  const cms = new Api(ConfigMap, { client, namespace: "n" });
  await cms.delete("c", { gracePeriodSeconds: 0, propagationPolicy: "Foreground", preconditions: { resourceVersion: "4" } });
  assert.deepEqual(JSON.parse(last(client).body as string), { apiVersion: "v1", kind: "DeleteOptions", gracePeriodSeconds: 0, propagationPolicy: "Foreground", preconditions: { resourceVersion: "4" } });
  await cms.delete("c");
  assert.equal(last(client).body, undefined);
  await cms.deleteCollection({ labelSelector: "x=y", dryRun: true });
  assert.equal(last(client).path, "/api/v1/namespaces/n/configmaps");
  assert.equal(query(last(client)), "labelSelector=x%3Dy&dryRun=All");
});

test("metadata-only calls ask for PartialObjectMetadata; logs ask for text", async () => {
  const client = new RecordingClient();
  const pods = new Api(Pod, { client, namespace: "n" });
  await pods.metadata.list();
  assert.match(last(client).headers!.accept!, /^application\/json;as=PartialObjectMetadataList;g=meta\.k8s\.io;v=v1,application\/json$/);
  await pods.metadata.get("p");
  assert.match(last(client).headers!.accept!, /as=PartialObjectMetadata;/);
  await pods.logs.get("p", { container: "c", tailLines: 5, timestamps: true, previous: true, sinceSeconds: 9, limitBytes: 100 });
  assert.equal(last(client).path, "/api/v1/namespaces/n/pods/p/log");
  assert.equal(query(last(client)), "container=c&sinceSeconds=9&tailLines=5&timestamps=true&previous=true&limitBytes=100");
  await pods.eviction.create("p");
  assert.deepEqual(JSON.parse(last(client).body as string), { apiVersion: "policy/v1", kind: "Eviction", metadata: { name: "p", namespace: "n" } });
});

test("watch: events split across chunks, ERROR 410 thrown as Gone, a truncated event is a protocol error, break cancels", async () => {
  const client = new RecordingClient();
  const cms = new Api(ConfigMap, { client, namespace: "n" });
  const event = (type: string, name: string) => JSON.stringify({ type, object: { metadata: { name, resourceVersion: "1" } } }) + "\n";
  const stream = event("ADDED", "a") + event("MODIFIED", "ü-ñ") + event("BOOKMARK", "");
  client.chunks = [stream.slice(0, 7), stream.slice(7, 40), stream.slice(40)];
  const seen: string[] = [];
  for await (const e of cms.watch()) seen.push(e.type === "BOOKMARK" ? `BOOKMARK@${e.object.metadata.resourceVersion}` : `${e.type}:${e.object.metadata?.name}`);
  assert.deepEqual(seen, ["ADDED:a", "MODIFIED:ü-ñ", "BOOKMARK@1"]);
  assert.equal(client.cancelled, 1);

  client.chunks = [event("ADDED", "a"), JSON.stringify({ type: "ERROR", object: { kind: "Status", code: 410, reason: "Expired", message: "too old resource version" } }) + "\n"];
  await assert.rejects(async () => { for await (const _ of cms.watch()) void _; }, (e: Error) => e instanceof Gone && /too old/.test(e.message));

  client.chunks = [event("ADDED", "a"), '{"type":"MODIFIED","obj'];
  await assert.rejects(async () => { for await (const _ of cms.watch()) void _; }, KubexProtocolError);

  client.chunks = [event("ADDED", "a"), event("ADDED", "b")];
  const before = client.cancelled;
  for await (const _ of cms.watch()) break;
  assert.equal(client.cancelled, before + 1, "breaking out closes the stream");
});

test("line splitting keeps multi-byte characters whole across chunk boundaries", async () => {
  const bytes = new TextEncoder().encode("héllo\r\nwörld\nlast");
  const chunks = Array.from(bytes, (b) => Uint8Array.of(b));
  const lines: string[] = [];
  for await (const line of splitLines({ async *[Symbol.asyncIterator]() { yield* chunks; } }, "t")) lines.push(line);
  assert.deepEqual(lines, ["héllo", "wörld", "last"]);
});

test("defineResource builds a descriptor for a custom resource", () => {
  const Widget = defineResource<{ spec?: { size: number } }>()({ group: "example.com", version: "v1", kind: "Widget", plural: "widgets", namespaced: true });
  assert.deepEqual({ ...Widget }, {
    apiVersion: "example.com/v1", group: "example.com", version: "v1", kind: "Widget", plural: "widgets", listKind: "WidgetList", namespaced: true,
    verbs: ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"], subresources: [], custom: true,
  });
  const client = new RecordingClient();
  const api = new Api(Widget, { client });
  assert.equal("status" in api, false, "no accessor without the subresource");
  assert.equal("exec" in new Api(Pod, { client }), true);
  assert.equal("exec" in new Api(ConfigMap, { client }), false);
});

test("watch and followed logs cap a line at maxLineBytes with a protocol error naming the cap, and close the stream", async () => {
  const client = new RecordingClient();
  const pods = new Api(Pod, { client, namespace: "n" });
  client.chunks = [JSON.stringify({ type: "ADDED", object: { metadata: { name: "x".repeat(100) } } }), "\n"];
  await assert.rejects(async () => { for await (const _ of pods.watch({ maxLineBytes: 50 })) void _; },
    (e: Error) => e instanceof KubexProtocolError && /cap of 50 bytes/.test(e.message));
  assert.equal(client.cancelled, 1);
  client.chunks = ["short\n", "y".repeat(60)];
  const lines: string[] = [];
  await assert.rejects(async () => { for await (const line of pods.logs.stream("p", { follow: true, maxLineBytes: 50 })) lines.push(line); },
    (e: Error) => e instanceof KubexProtocolError && /logs of p: a line exceeds the cap of 50 bytes/.test(e.message));
  assert.deepEqual(lines, ["short"]);
  await assert.rejects(async () => { for await (const _ of pods.watch({ maxLineBytes: 0 })) void _; }, KubexArgumentError);
});

test("get and metadata.get take a resourceVersion; metadata.patch answers with PartialObjectMetadata", async () => {
  const client = new RecordingClient();
  const cms = new Api(ConfigMap, { client, namespace: "n" });
  await cms.get("c", { resourceVersion: "0" });
  assert.equal(query(last(client)), "resourceVersion=0");
  await cms.metadata.get("c", { resourceVersion: "12" });
  assert.equal(query(last(client)), "resourceVersion=12");
  assert.match(last(client).headers!.accept!, /as=PartialObjectMetadata;/);
  await cms.metadata.patch("c", { metadata: { labels: { a: "b" } } });
  assert.equal(last(client).method, "PATCH");
  assert.equal(last(client).path, "/api/v1/namespaces/n/configmaps/c");
  assert.equal(last(client).headers?.["content-type"], "application/merge-patch+json");
  assert.match(last(client).headers!.accept!, /^application\/json;as=PartialObjectMetadata;g=meta\.k8s\.io;v=v1,application\/json$/);
  assert.deepEqual(JSON.parse(last(client).body as string), { metadata: { labels: { a: "b" } } });
  await cms.metadata.patch("c", [{ op: "remove", path: "/metadata/labels/a" }], { type: "json" });
  assert.equal(last(client).headers?.["content-type"], "application/json-patch+json");
});

test("a strategic merge patch of a custom resource is refused before the request (the server would answer 415)", async () => {
  const client = new RecordingClient();
  const Widget = defineResource<{ spec?: { size: number }; status?: { phase?: string } }>()({ group: "example.com", version: "v1", kind: "Widget", plural: "widgets", namespaced: true, subresources: ["status"] });
  const widgets = new Api(Widget, { client, namespace: "n" });
  const refused = (e: unknown) => e instanceof KubexArgumentError && e.argument === "options.type" && /custom resource/.test(e.message);
  await assert.rejects(widgets.patch("w", { spec: { size: 1 } }, { type: "strategic" } as never), refused);
  await assert.rejects(widgets.status.patch("w", { status: {} }, { type: "strategic" } as never), refused);
  assert.deepEqual(client.sent, []);
  await widgets.patch("w", { spec: { size: 1 } });
  assert.equal(last(client).headers?.["content-type"], "application/merge-patch+json");
});

test("a followed log yields lines across chunks, CRLF trimmed, and a last line without a newline", async () => {
  const client = new RecordingClient();
  client.chunks = ["a\nb", "c\r\n", "", "last"];
  const lines: string[] = [];
  for await (const line of new Api(Pod, { client, namespace: "n" }).logs.stream("p", { follow: true })) lines.push(line);
  assert.deepEqual(lines, ["a", "bc", "last"]);
  assert.equal(query(last(client)), "follow=true");
  assert.equal(client.cancelled, 1);
});
