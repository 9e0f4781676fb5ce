// The request builders as given/want tables: plain data in, plain data out, no client at all.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { BaseClient } from "../../../runtime/client/base-client.js";
import type { KubeRequest } from "../../../runtime/client/request.js";
import { ResourceContext } from "../../../runtime/resource/context.js";
import {
  createRequest, deleteCollectionRequest, deleteRequest, evictionRequest, getRequest, listRequest, logRequest, metadataAccept,
  patchRequest, replaceRequest, watchRequest,
} from "../../../runtime/api/requests.js";
import { ConfigMap, Namespace, Pod } from "../../../generated/k8s/v1_35/core/v1/index.js";
import { Deployment } from "../../../generated/k8s/v1_35/apps/v1/index.js";

// Only the configuration's namespace is read while building.
const noClient = { configuration: { namespace: "cfg" } } as unknown as BaseClient;
const cms = new ResourceContext(noClient, ConfigMap, "n");
const pods = new ResourceContext(noClient, Pod, undefined);
const namespaces = new ResourceContext(noClient, Namespace, undefined);
const deployments = new ResourceContext(noClient, Deployment, "d");
const signal = new AbortController().signal;
const scale = { name: "scale", identity: { apiVersion: "autoscaling/v1", kind: "Scale" } };
const status = { name: "status", identity: deployments.identity };

const table: [string, () => KubeRequest, KubeRequest][] = [
  ["get in the Api's namespace", () => getRequest(cms, "c"), { method: "GET", path: "/api/v1/namespaces/n/configmaps/c" }],
  ["get in the configuration's namespace, with timeout and signal", () => getRequest(pods, "p", { requestTimeout: 5, signal }),
    { method: "GET", path: "/api/v1/namespaces/cfg/pods/p", timeout: 5, signal }],
  ["get of a cluster-scoped object", () => getRequest(namespaces, "kube-system"), { method: "GET", path: "/api/v1/namespaces/kube-system" }],
  ["get at a resourceVersion", () => getRequest(cms, "c", { resourceVersion: "0" }), { method: "GET", path: "/api/v1/namespaces/n/configmaps/c", query: [["resourceVersion", "0"]] }],
  ["metadata-only get: the same builder with another accept", () => getRequest(cms, "c", {}, metadataAccept.object),
    { method: "GET", path: "/api/v1/namespaces/n/configmaps/c", headers: { accept: metadataAccept.object } }],
  ["subresource get", () => getRequest(deployments, "web", undefined, undefined, "scale"), { method: "GET", path: "/apis/apps/v1/namespaces/d/deployments/web/scale" }],
  ["list in all namespaces", () => listRequest(pods, { allNamespaces: true, labelSelector: "a=b", limit: 2 }),
    { method: "GET", path: "/api/v1/pods", query: [["labelSelector", "a=b"], ["limit", "2"]] }],
  ["metadata-only list", () => listRequest(cms, { namespace: "o" }, metadataAccept.list),
    { method: "GET", path: "/api/v1/namespaces/o/configmaps", query: [], headers: { accept: metadataAccept.list } }],
  ["create fills the identity and takes the object's namespace", () => createRequest(cms, { metadata: { name: "c", namespace: "o" } }, { fieldManager: "m" }),
    { method: "POST", path: "/api/v1/namespaces/o/configmaps", query: [["fieldManager", "m"]], body: '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","namespace":"o"}}' }],
  ["replace: the call's namespace wins over the object's", () => replaceRequest(cms, "c", { apiVersion: "v1", kind: "ConfigMap", metadata: { namespace: "o" } }, { namespace: "call" }),
    { method: "PUT", path: "/api/v1/namespaces/call/configmaps/c", query: [], body: '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"namespace":"o"}}' }],
  ["subresource replace carries the subresource's identity", () => replaceRequest(deployments, "web", { spec: { replicas: 2 } }, undefined, scale),
    { method: "PUT", path: "/apis/apps/v1/namespaces/d/deployments/web/scale", query: [], body: '{"apiVersion":"autoscaling/v1","kind":"Scale","spec":{"replicas":2}}' }],
  ["merge patch is sent as given", () => patchRequest(cms, "c", { data: { a: null } }),
    { method: "PATCH", path: "/api/v1/namespaces/n/configmaps/c", query: [], headers: { "content-type": "application/merge-patch+json" }, body: '{"data":{"a":null}}' }],
  ["JSON patch", () => patchRequest(cms, "c", [{ op: "remove", path: "/data/a" }], { type: "json", dryRun: true }),
    { method: "PATCH", path: "/api/v1/namespaces/n/configmaps/c", query: [["dryRun", "All"]], headers: { "content-type": "application/json-patch+json" }, body: '[{"op":"remove","path":"/data/a"}]' }],
  ["apply fills the identity; force", () => patchRequest(cms, "c", { data: {} }, { type: "apply", fieldManager: "m", force: true }),
    { method: "PATCH", path: "/api/v1/namespaces/n/configmaps/c", query: [["fieldManager", "m"], ["force", "true"]], headers: { "content-type": "application/apply-patch+yaml" }, body: '{"apiVersion":"v1","kind":"ConfigMap","data":{}}' }],
  ["status apply carries the object's identity", () => patchRequest(deployments, "web", { status: { replicas: 1 } }, { type: "apply", fieldManager: "m" }, status),
    { method: "PATCH", path: "/apis/apps/v1/namespaces/d/deployments/web/status", query: [["fieldManager", "m"]], headers: { "content-type": "application/apply-patch+yaml" }, body: '{"apiVersion":"apps/v1","kind":"Deployment","status":{"replicas":1}}' }],
  ["delete without options sends no body", () => deleteRequest(cms, "c"), { method: "DELETE", path: "/api/v1/namespaces/n/configmaps/c", query: [] }],
  ["delete with DeleteOptions and dryRun", () => deleteRequest(cms, "c", { gracePeriodSeconds: 0, dryRun: true }),
    { method: "DELETE", path: "/api/v1/namespaces/n/configmaps/c", query: [["dryRun", "All"]], body: '{"apiVersion":"v1","kind":"DeleteOptions","gracePeriodSeconds":0,"dryRun":["All"]}' }],
  ["deleteCollection with a selector", () => deleteCollectionRequest(cms, { labelSelector: "x" }),
    { method: "DELETE", path: "/api/v1/namespaces/n/configmaps", query: [["labelSelector", "x"]] }],
  ["watch with an inactivity bound", () => watchRequest(cms, { resourceVersion: "5", inactivityTimeout: 30 }),
    { method: "GET", path: "/api/v1/namespaces/n/configmaps", query: [["watch", "true"], ["resourceVersion", "5"]], timeout: { read: 30 } }],
  ["metadata-only watch", () => watchRequest(cms, {}, metadataAccept.object),
    { method: "GET", path: "/api/v1/namespaces/n/configmaps", query: [["watch", "true"]], headers: { accept: metadataAccept.object } }],
  ["followed logs", () => logRequest(pods, "p", { container: "c", tailLines: 3 }, true),
    { method: "GET", path: "/api/v1/namespaces/cfg/pods/p/log", query: [["follow", "true"], ["container", "c"], ["tailLines", "3"]], headers: { accept: "text/plain, */*" } }],
  ["eviction names the pod in the call's namespace", () => evictionRequest(pods, "p", undefined, { namespace: "x" }),
    { method: "POST", path: "/api/v1/namespaces/x/pods/p/eviction", query: [], body: '{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"p","namespace":"x"}}' }],
];

for (const [title, build, want] of table) {
  test(`builder: ${title}`, () => {
    assert.deepEqual(build(), want);
  });
}
