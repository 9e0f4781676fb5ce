// ResourceContext: the paths every accessor of an Api builds (core and named groups, the
// namespace a call uses and where it comes from, encoding, subresources), the checks of a
// hand-written descriptor, the bounded cache of collection paths, and the one served-check.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { KubexArgumentError } from "../../../runtime/index.js";
import { ResourceContext } from "../../../runtime/resource/context.js";
import type { AnyResourceDescriptor } from "../../../runtime/resource/descriptor.js";
import { RecordingClient } from "./recording-client.js";

const pods: AnyResourceDescriptor = { apiVersion: "v1", group: "", version: "v1", kind: "Pod", plural: "pods", listKind: "PodList", namespaced: true, verbs: [], subresources: [] };
const nodes: AnyResourceDescriptor = { ...pods, kind: "Node", plural: "nodes", listKind: "NodeList", namespaced: false };
const widgets: AnyResourceDescriptor = { apiVersion: "example.com/v1", group: "example.com", version: "v1", kind: "Widget", plural: "widgets", listKind: "WidgetList", namespaced: true, verbs: [], subresources: [] };

/** A client whose configuration's namespace the test sets. */
class Client extends RecordingClient {
  namespace: string | undefined = "from-config";
  constructor() {
    super();
    Object.defineProperty(this, "configuration", { get: () => ({ server: "https://x", tls: {}, ...(this.namespace === undefined ? {} : { namespace: this.namespace }) }) });
  }
}
const refused = (argument: string, message: string) => (e: unknown) => e instanceof KubexArgumentError && e.argument === argument && e.message === `${argument}: ${message}`;

describe("ResourceContext: identity and group paths", () => {
  it("carries the descriptor's apiVersion and kind", () => {
    const context = new ResourceContext(new Client(), widgets, undefined);
    assert.deepEqual(context.identity, { apiVersion: "example.com/v1", kind: "Widget" });
  });
  it("the core group is under /api/<version>, a named group under /apis/<group>/<version>", () => {
    assert.equal(new ResourceContext(new Client(), pods, "ns").collectionPath(undefined), "/api/v1/namespaces/ns/pods");
    assert.equal(new ResourceContext(new Client(), widgets, "ns").collectionPath(undefined), "/apis/example.com/v1/namespaces/ns/widgets");
  });
  it("a hand-written descriptor's version, plural and group are checked as path segments", () => {
    assert.throws(() => new ResourceContext(new Client(), { ...widgets, version: "v1/../x" }, undefined), refused("descriptor.version", 'not a valid name: may not contain "/" (got "v1/../x")'));
    assert.throws(() => new ResourceContext(new Client(), { ...widgets, plural: ".." }, undefined), refused("descriptor.plural", 'not a valid name: may not be ".."'));
    assert.throws(() => new ResourceContext(new Client(), { ...widgets, group: "a%2f" }, undefined), refused("descriptor.group", 'not a valid name: may not contain "%" (got "a%2f")'));
    assert.throws(() => new ResourceContext(new Client(), widgets, "a/b"), refused("options.namespace", 'not a valid name: may not contain "/" (got "a/b")'));
  });
});

describe("ResourceContext: which namespace a call uses", () => {
  it("a cluster-scoped kind has none, whatever is given", () => {
    const context = new ResourceContext(new Client(), nodes, "ns");
    assert.equal(context.namespaceFor("given"), undefined);
    assert.equal(context.namespaceFor(undefined), undefined);
    assert.equal(context.collectionPath("given"), "/api/v1/nodes");
    assert.equal(context.objectPath("n1", "given"), "/api/v1/nodes/n1");
  });
  it("the call's own namespace, else the Api's, else the configuration's, else none", () => {
    const client = new Client();
    assert.equal(new ResourceContext(client, pods, "api-ns").namespaceFor("own"), "own");
    assert.equal(new ResourceContext(client, pods, "api-ns").namespaceFor(undefined), "api-ns");
    assert.equal(new ResourceContext(client, pods, undefined).namespaceFor(undefined), "from-config");
    client.namespace = undefined;
    const context = new ResourceContext(client, pods, undefined);
    assert.equal(context.namespaceFor(undefined), undefined);
    assert.equal(context.collectionPath(undefined), "/api/v1/pods");
  });
  it("each source is checked under its own name", () => {
    const context = new ResourceContext(new Client(), pods, undefined);
    assert.throws(() => context.namespaceFor(""), refused("options.namespace", "not a valid name: must not be empty"));
    assert.throws(() => context.collectionPath("a/b"), refused("options.namespace", 'not a valid name: may not contain "/" (got "a/b")'));
    assert.throws(() => context.objectPath("x", "a/b"), refused("options.namespace", 'not a valid name: may not contain "/" (got "a/b")'));
    assert.throws(() => context.namespaceFor("..", "body.metadata.namespace"), refused("body.metadata.namespace", 'not a valid name: may not be ".."'));
    assert.throws(() => context.collectionPath("a/b", "watch.namespace"), refused("watch.namespace", 'not a valid name: may not contain "/" (got "a/b")'));
    assert.throws(() => context.objectPath("x", "%", undefined, "name", "object.namespace"), refused("object.namespace", 'not a valid name: may not contain "%" (got "%")'));
    const client = new Client();
    client.namespace = "bad/ns";
    assert.throws(() => new ResourceContext(client, pods, undefined).namespaceFor(undefined), refused("configuration.namespace", 'not a valid name: may not contain "/" (got "bad/ns")'));
  });
});

describe("ResourceContext: paths", () => {
  it("allNamespaces gives the cluster-wide collection, for any namespace given", () => {
    const context = new ResourceContext(new Client(), widgets, "ns");
    assert.equal(context.collectionPath("other", "options.namespace", true), "/apis/example.com/v1/widgets");
    assert.equal(context.collectionPath(undefined, undefined, true), "/apis/example.com/v1/widgets");
    assert.equal(context.collectionPath(undefined, undefined, false), "/apis/example.com/v1/namespaces/ns/widgets");
  });
  it("namespaces and names are percent-encoded; a subresource is appended after a check", () => {
    const context = new ResourceContext(new Client(), pods, undefined);
    assert.equal(context.collectionPath("a b?"), "/api/v1/namespaces/a%20b%3F/pods");
    assert.equal(context.objectPath("n#1", "ns"), "/api/v1/namespaces/ns/pods/n%231");
    assert.equal(context.objectPath("web-0", "ns", "exec"), "/api/v1/namespaces/ns/pods/web-0/exec");
    assert.equal(context.objectPath("web-0", undefined, "log"), "/api/v1/namespaces/from-config/pods/web-0/log");
  });
  it("a name or subresource that is not a path segment is refused under its argument's name", () => {
    const context = new ResourceContext(new Client(), pods, undefined);
    assert.throws(() => context.objectPath(".."), refused("name", 'not a valid name: may not be ".."'));
    assert.throws(() => context.objectPath("a/b", "ns", undefined, "body.metadata.name"), refused("body.metadata.name", 'not a valid name: may not contain "/" (got "a/b")'));
    assert.throws(() => context.objectPath("web-0", "ns", "a/b"), refused("subresource", 'not a valid name: may not contain "/" (got "a/b")'));
  });
  it("the default namespace's path is fixed for the context's life, until 256 namespaces have filled the cache", () => {
    const client = new Client();
    client.namespace = "first";
    const context = new ResourceContext(client, pods, undefined);
    assert.equal(context.collectionPath(undefined), "/api/v1/namespaces/first/pods");
    client.namespace = "second";
    for (let i = 0; i < 255; i++) context.collectionPath(`ns-${i}`);
    assert.equal(context.collectionPath(undefined), "/api/v1/namespaces/first/pods", "256 paths are kept");
    context.collectionPath("one-more");
    assert.equal(context.collectionPath(undefined), "/api/v1/namespaces/second/pods", "the 257th clears them");
  });
});

describe("ResourceContext: the served check", () => {
  it("the first path of a named group asks the server which groups it serves, once per context", async () => {
    const client = new Client();
    client.reply = JSON.stringify({ kind: "APIGroupList", groups: [] });
    const context = new ResourceContext(client, widgets, "ns");
    assert.equal(client.sent.length, 0, "nothing before a path is built");
    context.collectionPath(undefined);
    context.objectPath("w", "other");
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(client.sent.map((r) => r.path), ["/apis"]);
  });
  it("a refused argument asks nothing", async () => {
    const client = new Client();
    const context = new ResourceContext(client, widgets, undefined);
    assert.throws(() => context.objectPath("..", "ns"));
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(client.sent, []);
  });
});
