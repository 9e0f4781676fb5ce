// The API resources of a spec come from its paths (docs/codegen.md): given paths and their
// operations, want each resource's group, version, kind, plural, scope, verbs and subresources.
import { test } from "node:test";
import assert from "node:assert/strict";
import { findResources } from "../../../codegen/resources.js";
import type { NormalizedSpec, Operation, SpecPath } from "../../../codegen/load.js";

const op = (action: string | undefined, kind?: string, parameters?: { name?: string }[]): Operation => ({
  ...(action === undefined ? {} : { "x-kubernetes-action": action }),
  ...(kind === undefined ? {} : { "x-kubernetes-group-version-kind": { group: "g", version: "v1", kind } }),
  ...(parameters === undefined ? {} : { parameters }),
});
const spec = (paths: SpecPath[]): NormalizedSpec => ({ format: "openapi-3", schemas: new Map(), paths });
const path = (p: string, ...operations: Operation[]): SpecPath => ({ path: p, operations });

test("findResources: the core group, a named group, scope, every action's verb, subresources", () => {
  const resources = findResources(
    spec([
      path("/api/v1/namespaces/{namespace}/pods", op("list", "Pod"), op("post", "Pod"), op("deletecollection", "Pod")),
      path("/api/v1/namespaces/{namespace}/pods/{name}", op("get", "Pod"), op("put", "Pod"), op("patch", "Pod"), op("delete", "Pod")),
      path("/api/v1/namespaces/{namespace}/pods/{name}/exec", op("connect", "PodExecOptions")),
      path("/api/v1/namespaces/{namespace}/pods/{name}/proxy/{path}", op("connect", "PodProxyOptions")),
      path("/api/v1/namespaces/{namespace}/pods/{name}/status", op("get", "Pod")),
      path("/api/v1/pods", op("list", "Pod")),
      path("/api/v1/watch/namespaces/{namespace}/pods", op("watchlist", "Pod")),
      path("/api/v1/watch/namespaces/{namespace}/pods/{name}", op("watch", "Pod")),
      path("/apis/rbac.authorization.k8s.io/v1/clusterroles", op("list", "ClusterRole")),
      path("/apis/rbac.authorization.k8s.io/v1/clusterroles/{name}", op("get", "ClusterRole")),
    ]),
  );
  assert.deepEqual(resources, [
    { group: "", version: "v1", kind: "Pod", plural: "pods", namespaced: true, verbs: ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"], subresources: ["exec", "proxy", "status"] },
    { group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRole", plural: "clusterroles", namespaced: false, verbs: ["get", "list"], subresources: [] },
  ]);
});

test("findResources: paths that name no resource are skipped", () => {
  const resources = findResources(
    spec([
      path("/api", op("get", "APIVersions")),
      path("/apis", op("get", "APIGroupList")),
      path("/apis/apps", op("get", "APIGroup")),
      path("/api/v1", op("get", "APIResourceList")),
      path("/apis/apps/v1", op("get", "APIResourceList")),
      path("/version", op("get", "Info")),
      path("/logs/{logpath}", op("get", "Log")),
      path("/api/v1/{name}", op("get", "Odd")),
      path("/api/v1/namespaces/{namespace}", op("get", "Odd")),
      path("/api/v1/namespaces/{name}", op("get", "Namespace")),
      path("/api/v1/things/extra", op("get", "Extra")),
      path("/openid/v1/jwks", op("get", "Jwks")),
      // Neither /api nor /apis, however long.
      path("/other/v1/things", op("list", "Other")),
      path("/other/g/v1/things", op("list", "Other")),
      // `{namespace}` only after `namespaces`.
      path("/apis/g/v1/projects/{namespace}/things", op("list", "Other")),
    ]),
  );
  // `/api/v1/namespaces/{name}` is the namespaces resource itself, cluster-scoped.
  assert.deepEqual(resources, [{ group: "", version: "v1", kind: "Namespace", plural: "namespaces", namespaced: false, verbs: ["get"], subresources: [] }]);
});

test("findResources: the namespaces resource: its object's subresources make it neither namespaced nor another resource", () => {
  const resources = findResources(
    spec([
      path("/api/v1/namespaces/{name}/status", op("get", "Namespace")),
      path("/api/v1/namespaces/{name}/finalize", op("put", "Namespace")),
      path("/api/v1/namespaces/{name}", op("get", "Namespace")),
      path("/api/v1/namespaces", op("list", "Namespace")),
    ]),
  );
  assert.deepEqual(resources, [{ group: "", version: "v1", kind: "Namespace", plural: "namespaces", namespaced: false, verbs: ["get", "list"], subresources: ["finalize", "status"] }]);
});

test("findResources: the watch action alone gives the watch verb", () => {
  const [resource] = findResources(spec([path("/apis/g/v1/things", op("list", "Thing")), path("/apis/g/v1/watch/things/{name}", op("watch", "Thing"))]));
  assert.deepEqual(resource!.verbs, ["list", "watch"]);
});

test("findResources: a null parameter of an operation is skipped", () => {
  const parameters = [null, { name: "watch" }] as unknown as { name?: string }[];
  const [resource] = findResources(spec([path("/apis/g/v1/things", op("list", "Thing", parameters))]));
  assert.deepEqual(resource!.verbs, ["list", "watch"]);
});

test("findResources: the kind is the collection's or object's, not a subresource's nor a deletecollection's", () => {
  const resources = findResources(
    spec([
      path("/apis/g/v1/namespaces/{namespace}/things/{name}/scale", op("get", "Scale")),
      path("/apis/g/v1/namespaces/{namespace}/things", op("deletecollection", "DeleteOptions"), op("list", "Thing")),
      path("/apis/g/v1/namespaces/{namespace}/things/{name}", op("get", "Other")),
      path("/apis/g/v1/kindless", op("list")),
      path("/apis/g/v1/emptykind", { "x-kubernetes-action": "list", "x-kubernetes-group-version-kind": { group: "g", version: "v1", kind: "" } }),
    ]),
  );
  assert.deepEqual(resources, [{ group: "g", version: "v1", kind: "Thing", plural: "things", namespaced: true, verbs: ["deletecollection", "get", "list"], subresources: ["scale"] }]);
});

test("findResources: actions without a verb add none, whatever their name", () => {
  const [resource] = findResources(spec([path("/apis/g/v1/things", op("connect", "Thing"), op(undefined, "Thing"), op("toString", "Thing"), op("constructor", "Thing"), op("list", "Thing"))]));
  assert.deepEqual(resource!.verbs, ["list"]);
});

test("findResources: a list that takes `watch` serves watch where the group-version has no /watch/ paths", () => {
  const watchParameter = [{ name: "watch" }];
  const byPath = findResources(spec([{ path: "/apis/g/v1/things", operations: [op("list", "Thing")], parameters: ["limit", "watch"] }]));
  assert.deepEqual(byPath[0]!.verbs, ["list", "watch"]);
  const byOperation = findResources(spec([path("/apis/g/v1/things", op("list", "Thing", [{}, { name: "limit" }, ...watchParameter]))]));
  assert.deepEqual(byOperation[0]!.verbs, ["list", "watch"]);
  const without = findResources(spec([{ path: "/apis/g/v1/things", operations: [op("list", "Thing", [{ name: "limit" }])], parameters: ["limit"] }]));
  assert.deepEqual(without[0]!.verbs, ["list"]);
  // Only a list's `watch` counts.
  const byGet = findResources(spec([path("/apis/g/v1/things", op("get", "Thing", watchParameter))]));
  assert.deepEqual(byGet[0]!.verbs, ["get"]);
  // Where the group-version has /watch/ paths, they alone say.
  const withWatchPaths = findResources(
    spec([
      path("/api/v1/componentstatuses", op("list", "ComponentStatus", watchParameter)),
      path("/api/v1/watch/pods", op("watchlist", "Pod")),
      path("/apis/g/v1/things", op("list", "Thing", watchParameter)),
    ]),
  );
  assert.deepEqual(withWatchPaths.map((r) => [r.kind, r.verbs]), [["ComponentStatus", ["list"]], ["Pod", ["watch"]], ["Thing", ["list", "watch"]]]);
});

test("findResources: a resource is namespaced when any of its paths is", () => {
  const resources = findResources(spec([path("/apis/g/v1/things", op("list", "Thing")), path("/apis/g/v1/namespaces/{namespace}/things", op("list", "Thing"))]));
  assert.equal(resources[0]!.namespaced, true);
  const clusterFirst = findResources(spec([path("/apis/g/v1/namespaces/{namespace}/things", op("list", "Thing")), path("/apis/g/v1/things", op("list", "Thing"))]));
  assert.equal(clusterFirst[0]!.namespaced, true);
});

test("findResources: sorted by group, version and plural", () => {
  const resources = findResources(
    spec([
      path("/apis/b/v1/zs", op("list", "Z")),
      path("/apis/a/v2/ys", op("list", "Y")),
      path("/apis/a/v1/xs", op("list", "X")),
      path("/apis/a/v1/ws", op("list", "W")),
      path("/api/v1/vs", op("list", "V")),
    ]),
  );
  assert.deepEqual(resources.map((r) => `${r.group}/${r.version}/${r.plural}`), ["/v1/vs", "a/v1/ws", "a/v1/xs", "a/v2/ys", "b/v1/zs"]);
  assert.deepEqual(Object.keys(resources[0]!), ["group", "version", "kind", "plural", "namespaced", "verbs", "subresources"]);
});
