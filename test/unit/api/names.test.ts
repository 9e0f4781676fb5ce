// Names, namespaces and subresources are path segments: hostile values are refused before any request is built.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Api, defineResource, KubexArgumentError } from "../../../runtime/index.js";
import { ConfigMap, Namespace, Pod } from "../../../generated/k8s/v1_35/core/v1/index.js";
import { RecordingClient } from "./recording-client.js";

const hostile: [string, unknown][] = [
  ["empty", ""],
  ["dot", "."],
  ["dot dot", ".."],
  ["slash", "a/b"],
  ["leading slash", "/etc"],
  ["percent", "%2e%2e"],
  ["percent-encoded slash", "a%2Fb"],
  ["lone high surrogate", "a\uD800"],
  ["lone low surrogate", "\uDC00b"],
  ["NUL", "a\u0000b"],
  ["newline", "a\nb"],
  ["DEL", "a\u007fb"],
  ["a number", 42],
  ["null", null],
  ["an object", { toString: () => "x" }],
];

const refused = (argument: string) => (e: unknown) => {
  assert.ok(e instanceof KubexArgumentError, `expected KubexArgumentError, got ${String(e)}`);
  assert.equal(e.argument, argument);
  return true;
};

for (const [label, value] of hostile) {
  test(`a name that is ${label} is refused before anything reaches the transport`, async () => {
    const client = new RecordingClient();
    const pods = new Api(Pod, { client, namespace: "ns" });
    const name = value as string;
    await assert.rejects(pods.get(name), refused("name"));
    await assert.rejects(pods.delete(name), refused("name"));
    await assert.rejects(pods.replace(name, { metadata: {} }), refused("name"));
    await assert.rejects(pods.patch(name, {}), refused("name"));
    await assert.rejects(pods.status.get(name), refused("name"));
    await assert.rejects(pods.logs.get(name), refused("name"));
    await assert.rejects(pods.metadata.get(name), refused("name"));
    await assert.rejects(pods.eviction.create(name), refused("name"));
    await assert.rejects(pods.apply({ metadata: { name } }, { fieldManager: "m" }), refused("object.metadata.name"));
    await assert.rejects(async () => { for await (const _ of pods.logs.stream(name)) void _; }, refused("name"));
    await assert.rejects(pods.exec.run(name, { command: ["ls"] }), refused("name"));
    await assert.rejects(new Api(Namespace, { client }).delete(name), refused("name"));
    assert.deepEqual(client.sent, []);
  });

  test(`a namespace that is ${label} is refused before anything reaches the transport`, async () => {
    const client = new RecordingClient();
    const pods = new Api(Pod, { client, namespace: "ns" });
    const namespace = value as string;
    await assert.rejects(pods.get("p", { namespace }), refused("options.namespace"));
    await assert.rejects(pods.delete("p", { namespace }), refused("options.namespace"));
    await assert.rejects(pods.list({ namespace }), refused("options.namespace"));
    await assert.rejects(pods.deleteCollection({ namespace }), refused("options.namespace"));
    await assert.rejects(async () => { for await (const _ of pods.watch({ namespace })) void _; }, refused("options.namespace"));
    await assert.rejects(pods.metadata.list({ namespace }), refused("options.namespace"));
    await assert.rejects(pods.create({ metadata: { name: "p", namespace } }), refused("object.metadata.namespace"));
    await assert.rejects(pods.logs.get("p", { namespace }), refused("options.namespace"));
    assert.throws(() => new Api(Pod, { client, namespace }), refused("options.namespace"));
    assert.deepEqual(client.sent, []);
  });
}

test("the exact requests of the report no longer go out: DELETE .., list in .., DELETE .", async () => {
  const client = new RecordingClient();
  const pods = new Api(Pod, { client, namespace: "default" });
  await assert.rejects(pods.delete("..", { namespace: "victim" }), refused("name"));
  await assert.rejects(pods.list({ namespace: ".." }), refused("options.namespace"));
  await assert.rejects(pods.delete("."), refused("name"));
  await assert.rejects(pods.list({ namespace: null as unknown as string }), refused("options.namespace"));
  assert.deepEqual(client.sent, []);
});

test("a configuration namespace that is not a path segment is refused by name", async () => {
  const client = new RecordingClient();
  (client.configuration as { namespace: string }).namespace = "..";
  await assert.rejects(new Api(ConfigMap, { client }).list(), refused("configuration.namespace"));
  assert.deepEqual(client.sent, []);
});

test("names that are valid path segments pass untouched (dots inside, unicode, colons)", async () => {
  const client = new RecordingClient();
  const cms = new Api(ConfigMap, { client, namespace: "ns" });
  for (const name of ["a.b", "...", "a..b", "system:node:x", "ü", "x".repeat(253)]) await cms.get(name);
  assert.deepEqual(client.sent.map((r) => r.path.split("/").pop()), ["a.b", "...", "a..b", "system%3Anode%3Ax", "%C3%BC", "x".repeat(253)]);
});

const base = { group: "example.com", version: "v1", kind: "Widget", plural: "widgets", namespaced: true } as const;
const badDescriptors: [string, Record<string, unknown>][] = [
  ["group", { group: "../x" }],
  ["group", { group: "Example.com" }],
  ["group", { group: "a/b" }],
  ["version", { version: ".." }],
  ["version", { version: "v1/x" }],
  ["version", { version: "" }],
  ["plural", { plural: ".." }],
  ["plural", { plural: "wid/gets" }],
  ["plural", { plural: "Widgets" }],
  ["plural", { plural: "" }],
  ["kind", { kind: "" }],
  ["kind", { kind: "Wid get" }],
  ["subresources", { subresources: [".."] }],
  ["subresources", { subresources: ["status/x"] }],
];
for (const [argument, change] of badDescriptors) {
  test(`defineResource refuses ${argument} ${JSON.stringify(Object.values(change)[0])}`, () => {
    assert.throws(() => defineResource<unknown>()({ ...base, ...change } as never), refused(`init.${argument}`));
  });
}

test("a hand-written descriptor whose plural, group or version is not a path segment is refused when the Api is built", () => {
  const client = new RecordingClient();
  const base = { ...ConfigMap };
  for (const [field, value] of [["plural", ".."], ["group", "a/b"], ["version", "%2e"], ["plural", ""]] as const) {
    assert.throws(() => new Api({ ...base, [field]: value } as typeof ConfigMap, { client }), refused(`descriptor.${field}`));
  }
});

test("an Api without a client is refused by name", () => {
  assert.throws(() => new Api(ConfigMap, {} as never), refused("options.client"));
  assert.throws(() => new Api(ConfigMap, undefined as never), refused("options"));
});
