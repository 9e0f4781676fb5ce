// A discovery answer whose entries have the wrong shape is a KubexProtocolError naming the group/version, never a TypeError.
import assert from "node:assert/strict";
import { test } from "node:test";
import { BaseClient } from "../../../runtime/client/base-client.js";
import type { KubeRequest, KubeResponse } from "../../../runtime/client/request.js";
import type { WebSocketConnection } from "../../../runtime/client/websocket/connection.js";
import type { ClientConfiguration } from "../../../runtime/configuration/types.js";
import { Discovery } from "../../../runtime/discovery/index.js";
import { KubexProtocolError } from "../../../runtime/errors.js";

class OneAnswer extends BaseClient {
  readonly configuration: ClientConfiguration = { server: "https://x", namespace: "default", tls: {} };
  constructor(private readonly body: unknown) {
    super();
  }
  async request(): Promise<KubeResponse> {
    const body = JSON.stringify(this.body);
    return { status: 200, headers: { get: () => null, getAll: () => [] }, text: async () => body, json: async <T>() => JSON.parse(body) as T, body: () => (async function* () {})(), cancel: async () => {} };
  }
  stream(r: KubeRequest): Promise<KubeResponse> {
    return this.request();
  }
  connectWebSocket(): Promise<WebSocketConnection> {
    throw new Error("not in this test");
  }
  async close() {}
}

const widget = { name: "widgets", namespaced: true, kind: "Widget", verbs: ["get", "list"] };
const malformed: [string, unknown[]][] = [
  ["a null entry", [null, widget]],
  ["an entry without a name", [{ kind: "Widget", namespaced: true, verbs: [] }]],
  ["a name that is a number", [{ ...widget, name: 42 }]],
  ["verbs that are not a list", [{ ...widget, verbs: "get" }]],
  ["namespaced that is not a boolean", [{ ...widget, namespaced: "yes" }]],
  ["a plural that is not a path segment", [{ ...widget, name: ".." }]],
  ["a subresource that is not a path segment", [widget, { ...widget, name: "widgets/../../secrets" }]],
];

for (const [label, resources] of malformed) {
  test(`discovery: ${label} is a KubexProtocolError naming the group/version`, async () => {
    const discovery = new Discovery(new OneAnswer({ kind: "APIResourceList", groupVersion: "example.com/v1", resources }));
    await assert.rejects(discovery.resolve("example.com/v1", "Widget"),
      (e: Error) => e instanceof KubexProtocolError && /\/apis\/example\.com\/v1/.test(e.message) && /resources/.test(e.message));
  });
}

test("discovery: a well-formed entry next to one of another kind still resolves", async () => {
  const discovery = new Discovery(new OneAnswer({ kind: "APIResourceList", groupVersion: "example.com/v1", resources: [widget, { ...widget, name: "widgets/status" }] }));
  const descriptor = await discovery.resolve("example.com/v1", "Widget");
  assert.equal(descriptor.plural, "widgets");
});
