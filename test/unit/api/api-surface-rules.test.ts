// What an Api is built from and what it hands out: its own checks, the accessors each descriptor
// gets (subresources, port-forward, cp), what each call expects back (named in protocol errors),
// metadata-only calls, logs, eviction, abort errors and JSON pointers, against a recording client.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { Api, KubexArgumentError, KubexClientError, KubexProtocolError, KubexTimeoutError, type AnyResourceDescriptor } from "../../../runtime/index.js";
import { isAbortError, stoppedByCaller } from "../../../runtime/api/abort.js";
import { jsonPointer, patchContentType } from "../../../runtime/api/patch.js";
import { subresourceTable } from "../../../runtime/api/subresources.js";
import { ConfigMap, Pod, Service } from "../../../generated/k8s/v1_35/core/v1/index.js";
import { Deployment } from "../../../generated/k8s/v1_35/apps/v1/index.js";
import { last, query, RecordingClient } from "./recording-client.js";

const protocolError = (message: string) => (e: unknown) => e instanceof KubexProtocolError && e.message === message;
const refused = (argument: string, message: string) => (e: unknown) => e instanceof KubexArgumentError && e.argument === argument && e.message === `${argument}: ${message}`;
const loose = <T>(value: unknown) => value as T;
const descriptor = (fields: Partial<AnyResourceDescriptor>): AnyResourceDescriptor => ({
  apiVersion: "v1", group: "", version: "v1", kind: "Thing", plural: "things", listKind: "ThingList", namespaced: true, verbs: [], subresources: [], ...fields,
}) as AnyResourceDescriptor;

test("new Api refuses options that are not an object, and a client without request()", () => {
  for (const options of [undefined, null, "client"]) {
    assert.throws(() => new Api(ConfigMap, loose(options)), refused("options", "must be an object { client, namespace? }"), String(options));
  }
  for (const client of [undefined, null, {}, { request: "no" }]) {
    assert.throws(() => new Api(ConfigMap, { client: loose(client) }), refused("options.client", "must be a client (createClient())"), JSON.stringify(client));
  }
  const api = new Api(ConfigMap, { client: new RecordingClient() });
  assert.equal(api.descriptor, ConfigMap);
});

test("each call names what it expected when the reply is not one", async () => {
  const client = new RecordingClient();
  client.reply = "[]";
  const configMaps = new Api(ConfigMap, { client, namespace: "n" });
  const at = "/api/v1/namespaces/n/configmaps";
  await assert.rejects(configMaps.get("c"), protocolError(`GET ${at}/c: expected a ConfigMap (an object), got an array`));
  await assert.rejects(configMaps.create({ metadata: { name: "c" } }), protocolError(`POST ${at}: expected a ConfigMap (an object), got an array`));
  await assert.rejects(configMaps.replace("c", { metadata: { name: "c" } }), protocolError(`PUT ${at}/c: expected a ConfigMap (an object), got an array`));
  await assert.rejects(configMaps.patch("c", { data: {} }), protocolError(`PATCH ${at}/c: expected a ConfigMap (an object), got an array`));
  await assert.rejects(configMaps.apply({ metadata: { name: "c" } }, { fieldManager: "m" }), protocolError(`PATCH ${at}/c: expected a ConfigMap (an object), got an array`));
  await assert.rejects(configMaps.delete("c"), protocolError(`DELETE ${at}/c: expected a ConfigMap or a Status (an object), got an array`));
  await assert.rejects(configMaps.deleteCollection(), protocolError(`DELETE ${at}: expected a ConfigMapList or a Status (an object), got an array`));
  await assert.rejects(configMaps.list(), (e: unknown) => e instanceof KubexProtocolError && e.message.startsWith(`GET ${at}: expected a ConfigMapList (`));
});

test("apply names the object by its metadata.name, sends an apply patch, and refuses an object without one", async () => {
  const client = new RecordingClient();
  client.reply = "{}";
  const configMaps = new Api(ConfigMap, { client, namespace: "n" });
  await configMaps.apply({ metadata: { name: "c" }, data: { a: "1" } }, { fieldManager: "m", force: true });
  assert.equal(last(client).path, "/api/v1/namespaces/n/configmaps/c");
  assert.equal(last(client).headers?.["content-type"], "application/apply-patch+yaml");
  assert.equal(query(last(client)), "fieldManager=m&force=true");
  const sent = client.sent.length;
  for (const object of [{ metadata: {} }, {}]) {
    await assert.rejects(configMaps.apply(loose(object), { fieldManager: "m" }), (e: unknown) => e instanceof KubexArgumentError && e.argument === "object.metadata.name", JSON.stringify(object));
  }
  assert.equal(client.sent.length, sent);
});

test("listAll asks for pages of 500 unless told, and passes each continue token on", async () => {
  const client = new RecordingClient();
  const configMaps = new Api(ConfigMap, { client, namespace: "n" });
  const replies = [{ metadata: { continue: "t1" }, items: [{ metadata: { name: "a" } }] }, { metadata: {}, items: [{ metadata: { name: "b" } }] }];
  const request = client.request.bind(client);
  client.request = async (r) => {
    client.reply = JSON.stringify(replies.shift());
    return request(r);
  };
  const names: string[] = [];
  for await (const item of configMaps.listAll({ labelSelector: "app=web" })) names.push(item.metadata!.name!);
  assert.deepEqual(names, ["a", "b"]);
  assert.deepEqual(client.sent.map(query), ["labelSelector=app%3Dweb&limit=500", "labelSelector=app%3Dweb&limit=500&continue=t1"]);
  replies.push({ metadata: {}, items: [] });
  for await (const _ of configMaps.listAll({ limit: 7 })) void _;
  assert.equal(query(last(client)), "limit=7");
});

test("watch passes maxLineBytes on: a longer line is a protocol error naming the cap", async () => {
  const client = new RecordingClient();
  client.chunks = [`${JSON.stringify({ type: "ADDED", object: { metadata: { name: "a" } } })}\n`];
  const configMaps = new Api(ConfigMap, { client, namespace: "n" });
  await assert.rejects(async () => {
    for await (const _ of configMaps.watch({ maxLineBytes: 10 })) void _;
  }, (e: unknown) => e instanceof KubexProtocolError && e.message.includes("the cap of 10 bytes"));
  await assert.rejects(async () => {
    for await (const _ of configMaps.metadata.watch({ maxLineBytes: 10 })) void _;
  }, (e: unknown) => e instanceof KubexProtocolError && e.message.includes("the cap of 10 bytes"));
  const events: string[] = [];
  for await (const event of configMaps.metadata.watch()) events.push(event.type);
  assert.deepEqual(events, ["ADDED"]);
  assert.equal(last(client).headers?.accept, "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json");
});

test("metadata calls ask for PartialObjectMetadata and name it when the reply is not one", async () => {
  const client = new RecordingClient();
  const configMaps = new Api(ConfigMap, { client, namespace: "n" });
  const at = "/api/v1/namespaces/n/configmaps";
  const objectAccept = "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json";
  await configMaps.metadata.list({ labelSelector: "a=b" });
  assert.equal(last(client).headers?.accept, "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json");
  assert.equal(query(last(client)), "labelSelector=a%3Db");
  client.reply = "{}";
  await configMaps.metadata.get("c", { resourceVersion: "0" });
  assert.deepEqual([last(client).path, last(client).headers?.accept, query(last(client))], [`${at}/c`, objectAccept, "resourceVersion=0"]);
  await configMaps.metadata.patch("c", [{ op: "remove", path: "/metadata/labels/a" }], { type: "json" });
  assert.deepEqual([last(client).method, last(client).headers?.accept, last(client).headers?.["content-type"]], ["PATCH", objectAccept, "application/json-patch+json"]);
  client.reply = "3";
  await assert.rejects(configMaps.metadata.get("c"), protocolError(`GET ${at}/c: expected a PartialObjectMetadata (an object), got a number`));
  await assert.rejects(configMaps.metadata.patch("c", { metadata: { labels: { a: "b" } } }), protocolError(`PATCH ${at}/c: expected a PartialObjectMetadata (an object), got a number`));
  await assert.rejects(configMaps.metadata.list(), (e: unknown) => e instanceof KubexProtocolError && e.message.startsWith(`GET ${at}: expected a PartialObjectMetadataList (`));
  await assert.rejects(configMaps.metadata.patch("", { metadata: {} }), (e: unknown) => e instanceof KubexArgumentError && e.argument === "name");
});

test("an Api has one enumerable accessor per subresource the table knows, and none for the others", () => {
  const client = new RecordingClient();
  const pods = new Api(Pod, { client, namespace: "n" });
  const keys = Object.keys(pods);
  for (const property of ["status", "logs", "eviction", "ephemeralContainers", "resize", "exec", "attach", "portforward", "cp"]) assert.ok(keys.includes(property), property);
  assert.equal("proxy" in pods, false);
  assert.equal("binding" in pods, false);
  const things = new Api(descriptor({ subresources: ["proxy", "toString", "scale"] }), { client });
  assert.deepEqual(Object.keys(things).filter((k) => !["descriptor", "metadata", "context", "expected"].includes(k)), ["scale"]);
  const none = new Api(ConfigMap, { client });
  for (const property of ["status", "scale", "logs", "exec", "cp", "portforward"]) assert.equal(property in none, false, property);
  assert.deepEqual(Object.fromEntries(Object.entries(subresourceTable).map(([sub, row]) => [sub, row.property])), {
    status: "status", scale: "scale", log: "logs", eviction: "eviction", ephemeralcontainers: "ephemeralContainers", resize: "resize", exec: "exec", attach: "attach", portforward: "portforward",
  });
});

test("status and scale: the subresource path, the body's identity, and what the reply must be", async () => {
  const client = new RecordingClient();
  client.reply = "{}";
  const deployments = new Api(Deployment, { client, namespace: "n" });
  const at = "/apis/apps/v1/namespaces/n/deployments/web";
  await deployments.scale.get("web");
  assert.equal(last(client).path, `${at}/scale`);
  await deployments.scale.replace("web", { spec: { replicas: 3 } });
  assert.deepEqual([last(client).method, last(client).path], ["PUT", `${at}/scale`]);
  assert.deepEqual(JSON.parse(last(client).body as string), { apiVersion: "autoscaling/v1", kind: "Scale", spec: { replicas: 3 } });
  await deployments.status.replace("web", { status: { replicas: 1 } });
  assert.equal(last(client).path, `${at}/status`);
  assert.deepEqual(JSON.parse(last(client).body as string), { apiVersion: "apps/v1", kind: "Deployment", status: { replicas: 1 } });
  await deployments.status.patch("web", { status: { replicas: 2 } }, { type: "strategic" });
  assert.deepEqual([last(client).method, last(client).path, last(client).headers?.["content-type"]], ["PATCH", `${at}/status`, "application/strategic-merge-patch+json"]);
  const pods = new Api(Pod, { client, namespace: "n" });
  await pods.ephemeralContainers.get("p");
  assert.equal(last(client).path, "/api/v1/namespaces/n/pods/p/ephemeralcontainers");
  await pods.resize.patch("p", { spec: {} });
  assert.equal(last(client).path, "/api/v1/namespaces/n/pods/p/resize");
  client.reply = "null";
  await assert.rejects(deployments.scale.get("web"), protocolError(`GET ${at}/scale: expected a Scale (an object), got null`));
  await assert.rejects(deployments.scale.replace("web", {}), protocolError(`PUT ${at}/scale: expected a Scale (an object), got null`));
  await assert.rejects(deployments.scale.patch("web", {}), protocolError(`PATCH ${at}/scale: expected a Scale (an object), got null`));
  await assert.rejects(deployments.status.get("web"), protocolError(`GET ${at}/status: expected a Deployment (an object), got null`));
  await assert.rejects(pods.eviction.create("p"), protocolError("POST /api/v1/namespaces/n/pods/p/eviction: expected a Status (an object), got null"));
});

test("logs: get reads the whole text; stream hands on lines, not following unless asked, within maxLineBytes", async () => {
  const client = new RecordingClient();
  client.reply = "a\nb\n";
  const pods = new Api(Pod, { client, namespace: "n" });
  assert.equal(await pods.logs.get("p", { container: "app" }), "a\nb\n");
  assert.deepEqual([last(client).path, query(last(client))], ["/api/v1/namespaces/n/pods/p/log", "container=app"]);
  client.chunks = ["one\ntw", "o\nthree"];
  const lines: string[] = [];
  for await (const line of pods.logs.stream("p")) lines.push(line);
  assert.deepEqual(lines, ["one", "two", "three"]);
  assert.equal(query(last(client)), "");
  for await (const _ of pods.logs.stream("p", { follow: true })) void _;
  assert.equal(query(last(client)), "follow=true");
  await assert.rejects(async () => {
    for await (const _ of pods.logs.stream("p", { maxLineBytes: 4 })) void _;
  }, (e: unknown) => e instanceof KubexProtocolError && e.message === "logs of p: a line exceeds the cap of 4 bytes (maxLineBytes) without a newline");
});

test("portforward is given to the four forwardable kinds at their own apiVersion only; cp to kinds with exec", () => {
  const client = new RecordingClient();
  assert.ok("portforward" in new Api(Service, { client }));
  assert.ok("portforward" in new Api(Deployment, { client }));
  for (const [kind, apiVersion] of [["ReplicaSet", "apps/v1"], ["StatefulSet", "apps/v1"]] as const) {
    assert.ok(Object.keys(new Api(descriptor({ kind, apiVersion }), { client })).includes("portforward"), kind);
  }
  for (const [kind, apiVersion] of [["Service", "v2"], ["Deployment", "apps/v1beta1"], ["ConfigMap", "v1"], ["DaemonSet", "apps/v1"]] as const) {
    assert.equal("portforward" in new Api(descriptor({ kind, apiVersion }), { client }), false, `${kind} ${apiVersion}`);
  }
  assert.ok(Object.keys(new Api(descriptor({ subresources: ["exec"] }), { client })).includes("cp"));
  assert.equal("cp" in new Api(Service, { client }), false);
  assert.equal("cp" in new Api(descriptor({ subresources: ["attach"] }), { client }), false);
});

test("a workload port-forward looks the object up in the call's namespace, else the Api's", async () => {
  const client = new RecordingClient();
  client.reply = "{}";
  const services = new Api(Service, { client, namespace: "n" });
  await assert.rejects(services.portforward.forward("web", { ports: [80], namespace: "shop" }));
  assert.equal(client.sent[0]!.path, "/api/v1/namespaces/shop/services/web");
  await assert.rejects(services.portforward.listen("web", { portMap: { 80: 0 } }));
  assert.equal(last(client).path, "/api/v1/namespaces/n/services/web");
  const deployments = new Api(Deployment, { client, namespace: "n" });
  await assert.rejects(deployments.portforward.forward("api", { ports: [80] }));
  assert.equal(last(client).path, "/apis/apps/v1/namespaces/n/deployments/api");
  const anywhere = new Api(Service, { client });
  await assert.rejects(anywhere.portforward.forward("web", { ports: [80] }));
  assert.equal(last(client).path, "/api/v1/namespaces/from-config/services/web");
});

test("cp runs tar over exec in the call's namespace, else the Api's", async () => {
  const client = new RecordingClient();
  const pods = new Api(Pod, { client, namespace: "n" });
  const here = fileURLToPath(import.meta.url);
  await assert.rejects(pods.cp.fromPod("p", "/tmp/x", `${here}.absent`, { namespace: "other" }));
  assert.equal(last(client).path, "/api/v1/namespaces/other/pods/p/exec");
  await assert.rejects(pods.cp.fromPod("p", "/tmp/x", `${here}.absent`));
  assert.equal(last(client).path, "/api/v1/namespaces/n/pods/p/exec");
  await assert.rejects(pods.cp.toPod("p", here, "/tmp/", { namespace: "other" }));
  assert.equal(last(client).path, "/api/v1/namespaces/other/pods/p/exec");
  await assert.rejects(pods.cp.toPod("p", here, "/tmp/"));
  assert.equal(last(client).path, "/api/v1/namespaces/n/pods/p/exec");
  assert.deepEqual(last(client).query?.slice(0, 2), [["command", "tar"], ["command", "xmf"]]);
});

test("cp given null options (an untyped caller) uses the Api's namespace", async () => {
  const client = new RecordingClient();
  const pods = new Api(Pod, { client, namespace: "n" });
  await assert.rejects(pods.cp.fromPod("p", "/tmp/x", `${fileURLToPath(import.meta.url)}.absent`, loose(null)), /not in this test/);
  assert.equal(client.sent.length, 1);
  assert.equal(last(client).path, "/api/v1/namespaces/n/pods/p/exec");
});

test("isAbortError: KUBEX_ABORTED, or anything named AbortError; stoppedByCaller also needs the caller's aborted signal", () => {
  const aborted = new KubexClientError("x: aborted", { code: "KUBEX_ABORTED" });
  assert.equal(isAbortError(aborted), true);
  assert.equal(isAbortError(new KubexClientError("x", { code: "KUBEX_OTHER" })), false);
  assert.equal(isAbortError(new KubexTimeoutError("slow")), false);
  const named = new KubexClientError("x");
  named.name = "AbortError";
  assert.equal(isAbortError(named), false, "a KubexError counts by its code only");
  assert.equal(isAbortError(new DOMException("stop", "AbortError")), true);
  assert.equal(isAbortError({ name: "AbortError" }), true);
  for (const value of [null, undefined, "AbortError", { name: "TimeoutError" }, new Error("AbortError")]) assert.equal(isAbortError(value), false, String(value));
  const controller = new AbortController();
  assert.equal(stoppedByCaller(aborted, controller.signal), false);
  assert.equal(stoppedByCaller(aborted, undefined), false);
  controller.abort();
  assert.equal(stoppedByCaller(aborted, controller.signal), true);
  assert.equal(stoppedByCaller(new Error("boom"), controller.signal), false);
});

test("jsonPointer escapes ~ then /, one token per segment; each patch kind has its content type", () => {
  assert.equal(jsonPointer("metadata", "labels", "app.kubernetes.io/name"), "/metadata/labels/app.kubernetes.io~1name");
  assert.equal(jsonPointer("a~b", "c/d~/e", 0), "/a~0b/c~1d~0~1e/0");
  assert.equal(jsonPointer("~1"), "/~01");
  assert.equal(jsonPointer(), "");
  assert.equal(jsonPointer(""), "/");
  assert.deepEqual(patchContentType, {
    merge: "application/merge-patch+json",
    strategic: "application/strategic-merge-patch+json",
    json: "application/json-patch+json",
    apply: "application/apply-patch+yaml",
  });
});
