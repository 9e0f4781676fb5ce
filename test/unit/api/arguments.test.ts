// Per-call options outside what they accept are refused by name before anything reaches the transport.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Api, KubexArgumentError } from "../../../runtime/index.js";
import { Pod } from "../../../generated/k8s/v1_35/core/v1/index.js";
import { RecordingClient } from "./recording-client.js";

type Pods = ReturnType<typeof pods>;
const pods = (client: RecordingClient) => new Api(Pod, { client, namespace: "n" });
const drain = async (it: AsyncIterable<unknown>) => { for await (const _ of it) void _; };

const cases: [string, (p: Pods, o: never) => Promise<unknown>, Record<string, unknown>][] = [
  ["list", (p, o) => p.list(o), { labelSelector: null }],
  ["list", (p, o) => p.list(o), { labelSelector: 42 }],
  ["list", (p, o) => p.list(o), { fieldSelector: { a: 1 } }],
  ["list", (p, o) => p.list(o), { labelSelector: "a=\uD800" }],
  ["list", (p, o) => p.list(o), { limit: 0 }],
  ["list", (p, o) => p.list(o), { limit: -1 }],
  ["list", (p, o) => p.list(o), { limit: 1.5 }],
  ["list", (p, o) => p.list(o), { limit: "10" }],
  ["list", (p, o) => p.list(o), { limit: Number.NaN }],
  ["list", (p, o) => p.list(o), { continue: 5 }],
  ["list", (p, o) => p.list(o), { resourceVersionMatch: "Newest" }],
  ["list", (p, o) => p.list(o), { timeoutSeconds: -1 }],
  ["list", (p, o) => p.list(o), { allNamespaces: "yes" }],
  ["list", (p, o) => p.list(o), { signal: {} }],
  ["listAll", (p, o) => drain(p.listAll(o)), { limit: 0 }],
  ["get", (p, o) => p.get("x", o), { signal: "abort" }],
  ["create", (p, o) => p.create({ metadata: { name: "x" } }, o), { dryRun: "yes" }],
  ["create", (p, o) => p.create({ metadata: { name: "x" } }, o), { fieldValidation: "strict" }],
  ["create", (p, o) => p.create({ metadata: { name: "x" } }, o), { fieldManager: null }],
  ["patch", (p, o) => p.patch("x", {}, o), { type: "yaml" }],
  ["patch", (p, o) => p.patch("x", {}, o), { force: 1 }],
  ["delete", (p, o) => p.delete("x", o), { gracePeriodSeconds: -5 }],
  ["delete", (p, o) => p.delete("x", o), { propagationPolicy: "background" }],
  ["delete", (p, o) => p.delete("x", o), { preconditions: "rv" }],
  ["delete", (p, o) => p.delete("x", o), { preconditions: { resourceVersion: 3 } }],
  ["deleteCollection", (p, o) => p.deleteCollection(o), { labelSelector: null }],
  ["watch", (p, o) => drain(p.watch(o)), { allowWatchBookmarks: "true" }],
  ["watch", (p, o) => drain(p.watch(o)), { inactivityTimeout: 0 }],
  ["watch", (p, o) => drain(p.watch(o)), { inactivityTimeout: Number.POSITIVE_INFINITY }],
  ["watch", (p, o) => drain(p.watch(o)), { sendInitialEvents: 1 }],
  ["metadata.list", (p, o) => p.metadata.list(o), { labelSelector: null }],
  ["logs.get", (p, o) => p.logs.get("x", o), { tailLines: -1 }],
  ["logs.get", (p, o) => p.logs.get("x", o), { sinceSeconds: 0 }],
  ["logs.get", (p, o) => p.logs.get("x", o), { container: 7 }],
  ["logs.stream", (p, o) => drain(p.logs.stream("x", o)), { follow: "yes" }],
  ["status.patch", (p, o) => p.status.patch("x", {}, o), { fieldManager: 3 }],
  ["eviction.create", (p, o) => p.eviction.create("x", {}, o), { dryRun: "none" }],
];

for (const [call, run, options] of cases) {
  const [key, value] = Object.entries(options)[0]!;
  const shown = typeof value === "number" ? String(value) : value === null || typeof value === "string" ? JSON.stringify(value) : typeof value;
  test(`${call}: options.${key} = ${shown} is refused by name before anything is sent`, async () => {
    const client = new RecordingClient();
    await assert.rejects(run(pods(client), options as never), (e: unknown) => e instanceof KubexArgumentError && e.argument === `options.${key}`);
    assert.deepEqual(client.sent, []);
  });
}

test("options that are not an object are refused", async () => {
  const client = new RecordingClient();
  await assert.rejects(pods(client).list("all" as never), (e: unknown) => e instanceof KubexArgumentError && e.argument === "options");
  await assert.rejects(pods(client).create(null as never), (e: unknown) => e instanceof KubexArgumentError && e.argument === "object");
  await assert.rejects(pods(client).patch("x", [] as never, { type: "merge" }), (e: unknown) => e instanceof KubexArgumentError && e.argument === "patch");
  await assert.rejects(pods(client).patch("x", {} as never, { type: "json" }), (e: unknown) => e instanceof KubexArgumentError && e.argument === "patch");
  assert.deepEqual(client.sent, []);
});

test("valid values of the same options pass", async () => {
  const client = new RecordingClient();
  const p = pods(client);
  await p.list({ labelSelector: "", limit: 1, timeoutSeconds: 0, allNamespaces: false, resourceVersionMatch: "Exact", resourceVersion: "0", signal: new AbortController().signal });
  await p.delete("x", { gracePeriodSeconds: 0, propagationPolicy: "Orphan", preconditions: { uid: "u" }, dryRun: "All" });
  await p.logs.get("x", { tailLines: 0, sinceSeconds: 1, timestamps: false });
  assert.equal(client.sent.length, 3);
});
