// Malformed server replies are KubexProtocolErrors naming what was expected; ERROR events become the typed error of their status.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  Api, Forbidden, Gone, InternalError, KubexApiError, KubexProtocolError, NotFound, TooManyRequests,
} from "../../../runtime/index.js";
import { ConfigMap } from "../../../generated/k8s/v1_35/core/v1/index.js";
import { RecordingClient } from "./recording-client.js";

async function drain(it: AsyncIterable<unknown>): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const x of it) out.push(x);
  return out;
}

const malformedEvents: [string, string, RegExp][] = [
  ["an ERROR without a Status", '{"type":"ERROR","object":null}', /expected an ERROR event's object to be a Status/],
  ["a null line", "null", /expected a watch event \{ type, object \}, got null/],
  ["a number", "42", /expected a watch event \{ type, object \}, got a number/],
  ["a string", '"ADDED"', /expected a watch event \{ type, object \}, got a string/],
  ["an array", "[]", /expected a watch event \{ type, object \}, got an array/],
  ["an unknown type", '{"type":"RENAMED","object":{}}', /expected type ADDED, MODIFIED, DELETED, BOOKMARK or ERROR, got "RENAMED"/],
  ["no type", '{"object":{}}', /expected type ADDED, MODIFIED, DELETED, BOOKMARK or ERROR, got undefined/],
  ["no object", '{"type":"ADDED"}', /expected an ADDED event's object to be an object, got undefined/],
  ["a null object", '{"type":"MODIFIED","object":null}', /expected a MODIFIED event's object to be an object, got null/],
  ["a BOOKMARK without metadata", '{"type":"BOOKMARK","object":{}}', /expected a BOOKMARK event's object to carry metadata\.resourceVersion/],
];

for (const [label, line, message] of malformedEvents) {
  test(`watch: ${label} is a KubexProtocolError naming what was expected, and the stream is closed`, async () => {
    const client = new RecordingClient();
    client.chunks = ['{"type":"ADDED","object":{"metadata":{"name":"a"}}}\n', `${line}\n`];
    const seen: string[] = [];
    await assert.rejects(async () => { for await (const e of new Api(ConfigMap, { client, namespace: "n" }).watch()) seen.push(e.type); },
      (e: Error) => e instanceof KubexProtocolError && message.test(e.message) && /watch \/api\/v1\/namespaces\/n\/configmaps/.test(e.message));
    assert.deepEqual(seen, ["ADDED"], "events before the malformed one are delivered");
    assert.equal(client.cancelled, 1);
  });
}

const errorEvents: [string, object, (e: unknown) => boolean][] = [
  ["410 Expired is Gone", { code: 410, reason: "Expired", message: "too old resource version: 1 (5)" }, (e) => e instanceof Gone],
  ["410 with another reason is Gone", { code: 410, reason: "SomethingNew", message: "m" }, (e) => e instanceof Gone],
  ["500 InternalError is InternalError", { code: 500, reason: "InternalError", message: "etcd" }, (e) => e instanceof InternalError && !(e instanceof Gone)],
  ["403 is Forbidden", { code: 403, reason: "Forbidden", message: "no" }, (e) => e instanceof Forbidden],
  ["404 is NotFound", { code: 404, reason: "NotFound", message: "gone" }, (e) => e instanceof NotFound],
  ["429 is TooManyRequests", { code: 429, reason: "TooManyRequests", message: "slow down" }, (e) => e instanceof TooManyRequests],
  ["a Status without a code is an InternalError", { reason: "", message: "?" }, (e) => e instanceof InternalError],
];

for (const [label, status, check] of errorEvents) {
  test(`watch ERROR event: ${label}, carrying the server's status code`, async () => {
    const client = new RecordingClient();
    client.chunks = [JSON.stringify({ type: "ERROR", object: { kind: "Status", apiVersion: "v1", status: "Failure", ...status } }) + "\n"];
    await assert.rejects(drain(new Api(ConfigMap, { client, namespace: "n" }).watch()), (e: unknown) => {
      assert.ok(check(e), `got ${String(e)}`);
      assert.equal((e as KubexApiError).status, (status as { code?: number }).code ?? 500);
      return true;
    });
  });
}

const badLists: [string, string][] = [
  ["null", "null"],
  ["a page without items", '{"kind":"ConfigMapList","metadata":{}}'],
  ["items that are not an array", '{"metadata":{},"items":{}}'],
  ["a page without metadata", '{"items":[]}'],
];
for (const [label, body] of badLists) {
  test(`list and listAll: ${label} is a KubexProtocolError naming the expected list`, async () => {
    const client = new RecordingClient();
    client.reply = body;
    const cms = new Api(ConfigMap, { client, namespace: "n" });
    const expected = (e: Error) => e instanceof KubexProtocolError && /expected a ConfigMapList/.test(e.message);
    await assert.rejects(cms.list(), expected);
    await assert.rejects(drain(cms.listAll()), expected);
    await assert.rejects(cms.metadata.list(), (e: Error) => e instanceof KubexProtocolError && /expected a PartialObjectMetadataList/.test(e.message));
  });
}

for (const body of ["null", "42", '"x"', "[]"]) {
  test(`get, create, replace, patch, delete: a reply of ${body} is a KubexProtocolError`, async () => {
    const client = new RecordingClient();
    client.reply = body;
    const cms = new Api(ConfigMap, { client, namespace: "n" });
    const expected = (e: Error) => e instanceof KubexProtocolError && /expected a (ConfigMap|PartialObjectMetadata)/.test(e.message);
    await assert.rejects(cms.get("c"), expected);
    await assert.rejects(cms.create({ metadata: { name: "c" } }), expected);
    await assert.rejects(cms.replace("c", { metadata: { name: "c" } }), expected);
    await assert.rejects(cms.patch("c", {}), expected);
    await assert.rejects(cms.delete("c"), expected);
    await assert.rejects(cms.metadata.get("c"), expected);
  });
}
