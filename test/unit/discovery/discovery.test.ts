import assert from "node:assert/strict";
import { test } from "node:test";
import type { KubeRequest, KubeResponse } from "../../../runtime/client/request.js";
import { Discovery } from "../../../runtime/discovery/index.js";
import { KubexArgumentError, KubexProtocolError, NotFound } from "../../../runtime/errors.js";
import { InMemoryClient, jsonReply, notFound } from "../support/in-memory-client.js";

/** Answers discovery paths from a table; counts requests per path. */
class DiscoveryServer extends InMemoryClient {
  readonly asked: string[] = [];
  constructor(public answers: Record<string, unknown>) {
    super();
  }
  async request(r: KubeRequest): Promise<KubeResponse> {
    this.asked.push(r.path);
    if (!(r.path in this.answers)) throw notFound();
    return jsonReply(this.answers[r.path]);
  }
}

const core = {
  kind: "APIResourceList",
  groupVersion: "v1",
  resources: [
    { name: "pods", namespaced: true, kind: "Pod", verbs: ["get", "list", "watch", "create"] },
    { name: "pods/exec", namespaced: true, kind: "PodExecOptions", verbs: ["create", "get"] },
    { name: "pods/status", namespaced: true, kind: "Pod", verbs: ["get", "patch"] },
    { name: "nodes", namespaced: false, kind: "Node", verbs: ["get", "list"] },
  ],
};

test("resolve builds a descriptor from the resource list: plural, scope, verbs, subresources", async () => {
  const server = new DiscoveryServer({ "/api/v1": core });
  const discovery = new Discovery(server);
  const pod = await discovery.resolve("v1", "Pod");
  assert.deepEqual(
    { apiVersion: pod.apiVersion, group: pod.group, plural: pod.plural, namespaced: pod.namespaced, subresources: pod.subresources, verbs: pod.verbs, listKind: pod.listKind },
    { apiVersion: "v1", group: "", plural: "pods", namespaced: true, subresources: ["exec", "status"], verbs: ["get", "list", "watch", "create"], listKind: "PodList" },
  );
  const node = await discovery.resolve("v1", "Node");
  assert.equal(node.namespaced, false);
  assert.deepEqual(server.asked, ["/api/v1"], "one request for the group/version, then the cache");
});

test("a kind missing from the cache is asked for once more (a CRD installed since), then NotFound names it", async () => {
  const server = new DiscoveryServer({ "/apis/example.com/v1": { groupVersion: "example.com/v1", resources: [] } });
  const discovery = new Discovery(server);
  await assert.rejects(discovery.resolve("example.com/v1", "Widget"), (e: unknown) => e instanceof NotFound && /Widget in example\.com\/v1/.test(e.message));
  assert.equal(server.asked.length, 2);
  server.answers["/apis/example.com/v1"] = { groupVersion: "example.com/v1", resources: [{ name: "widgets", namespaced: true, kind: "Widget", verbs: ["get"] }] };
  const widget = await discovery.resolve("example.com/v1", "Widget");
  assert.equal(widget.plural, "widgets");
  assert.equal(widget.apiVersion, "example.com/v1");
});

test("a group/version the server does not serve is NotFound; a malformed list is a protocol error", async () => {
  const server = new DiscoveryServer({ "/apis/bad.example.com/v1": { groupVersion: "bad.example.com/v1", resources: "nope" } });
  const discovery = new Discovery(server);
  await assert.rejects(discovery.resolve("nothere.example.com/v1", "Thing"), NotFound);
  await assert.rejects(discovery.resolve("bad.example.com/v1", "Thing"), (e: unknown) => e instanceof KubexProtocolError && /APIResourceList/.test(e.message));
});

test("apiVersion and kind are checked before any request", async () => {
  const server = new DiscoveryServer({});
  const discovery = new Discovery(server);
  for (const apiVersion of ["", "/v1", "../v1", "example.com/../v1", "Example.com/v1", "example.com/v1/x", "v1?x=1"]) {
    await assert.rejects(discovery.resolve(apiVersion, "Pod"), (e: unknown) => e instanceof KubexArgumentError && e.argument === "apiVersion", apiVersion);
  }
  for (const kind of ["", "Pod/exec", "..", "Pod s"]) {
    await assert.rejects(discovery.resolve("v1", kind), (e: unknown) => e instanceof KubexArgumentError && e.argument === "kind", kind);
  }
  assert.deepEqual(server.asked, []);
});
