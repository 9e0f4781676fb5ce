// What the docs promise of watch events and replies, rule by rule: an ERROR event is the typed
// error of its status code when that code is an HTTP error (400 to 599), an InternalError (500)
// otherwise; a malformed reply or event is a KubexProtocolError whose message names what was
// expected and what came instead.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  Api, BadRequest, InternalError, KubexApiError, KubexArgumentError, KubexProtocolError, NotFound,
} from "../../../runtime/index.js";
import { ConfigMap } from "../../../generated/k8s/v1_35/core/v1/index.js";
import { RecordingClient } from "./recording-client.js";

async function drain<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

function watching(lines: string[]) {
  const client = new RecordingClient();
  client.chunks = lines.map((line) => `${line}\n`);
  return { client, configMaps: new Api(ConfigMap, { client, namespace: "n" }) };
}

const errorLine = (status: object) => JSON.stringify({ type: "ERROR", object: { kind: "Status", apiVersion: "v1", status: "Failure", message: "from the server", ...status } });

// [label, code in the Status, status of the thrown error, class it must be]
const codes: [string, unknown, number, new (...args: never[]) => KubexApiError][] = [
  ["400, the lowest error code, is kept (BadRequest)", 400, 400, BadRequest],
  ["599, the highest, is kept", 599, 599, InternalError],
  ["399 is no error code: 500", 399, 500, InternalError],
  ["200 is no error code: 500", 200, 500, InternalError],
  ["600 is no HTTP code: 500", 600, 500, InternalError],
  ["a code given as a string is not read: 500", "404", 500, InternalError],
];

for (const [label, code, status, type] of codes) {
  test(`watch ERROR event: code ${label}`, async () => {
    const { configMaps } = watching([errorLine({ code, reason: "" })]);
    await assert.rejects(drain(configMaps.watch()), (e: unknown) => {
      assert.ok(e instanceof type, `got ${String(e)}`);
      assert.equal((e as KubexApiError).status, status);
      return true;
    });
  });
}

test("watch ERROR event: the error carries the server's Status as its body", async () => {
  const { configMaps } = watching([errorLine({ code: 404, reason: "NotFound", details: { name: "c" } })]);
  await assert.rejects(drain(configMaps.watch()), (e: unknown) => {
    assert.ok(e instanceof NotFound);
    assert.equal(e.body.message, "from the server");
    assert.deepEqual(e.body.details, { name: "c" });
    assert.match(e.message, /404 NotFound: from the server/);
    return true;
  });
});

test("watch: blank lines and lines of spaces between events are skipped", async () => {
  const added = JSON.stringify({ type: "ADDED", object: { metadata: { name: "a" } } });
  const deleted = JSON.stringify({ type: "DELETED", object: { metadata: { name: "a" } } });
  const { configMaps } = watching([added, "", "   ", "\t", deleted]);
  const events = await drain(configMaps.watch());
  assert.deepEqual(events.map((e) => e.type), ["ADDED", "DELETED"]);
  assert.deepEqual(events[0], { type: "ADDED", object: { metadata: { name: "a" } } }, "the event is handed on as the server sent it");
});

test("watch: a bad option rejects the first next(), not the watch() call", async () => {
  const { client, configMaps } = watching([]);
  const stream = configMaps.watch({ timeoutSeconds: -1 } as never);
  assert.equal(client.sent.length, 0, "nothing is sent before the loop starts");
  await assert.rejects(drain(stream), KubexArgumentError);
  assert.equal(client.sent.length, 0);
});

test("watch: a BOOKMARK's resourceVersion must be a string", async () => {
  for (const metadata of [{}, { resourceVersion: 5 }, { resourceVersion: null }]) {
    const { configMaps } = watching([JSON.stringify({ type: "BOOKMARK", object: { metadata } })]);
    await assert.rejects(drain(configMaps.watch()), (e: Error) => e instanceof KubexProtocolError && /expected a BOOKMARK event's object to carry metadata\.resourceVersion$/.test(e.message));
  }
  const { configMaps } = watching([JSON.stringify({ type: "BOOKMARK", object: { metadata: { resourceVersion: "7" } } })]);
  assert.deepEqual(await drain(configMaps.watch()), [{ type: "BOOKMARK", object: { metadata: { resourceVersion: "7" } } }]);
});

// [line, the message's tail after "watch <path>: "]
const malformed: [string, string][] = [
  ['{"type":"DELETED","object":[]}', "expected a DELETED event's object to be an object, got an array"],
  ['{"type":"ADDED","object":"x"}', "expected an ADDED event's object to be an object, got a string"],
  ['{"type":"ERROR","object":[]}', "expected an ERROR event's object to be a Status, got an array"],
  ['{"type":"ERROR","object":true}', "expected an ERROR event's object to be a Status, got a boolean"],
  ['{"type":5,"object":{}}', "expected type ADDED, MODIFIED, DELETED, BOOKMARK or ERROR, got 5"],
  ['{"type":"added","object":{}}', 'expected type ADDED, MODIFIED, DELETED, BOOKMARK or ERROR, got "added"'],
  ["{}", "expected type ADDED, MODIFIED, DELETED, BOOKMARK or ERROR, got undefined"],
  ["true", "expected a watch event { type, object }, got a boolean"],
];

for (const [line, tail] of malformed) {
  test(`watch: ${line} is refused with "${tail}"`, async () => {
    const { configMaps } = watching([line]);
    await assert.rejects(drain(configMaps.watch()), (e: Error) => {
      assert.ok(e instanceof KubexProtocolError, `got ${String(e)}`);
      assert.equal(e.message, `watch /api/v1/namespaces/n/configmaps: ${tail}`);
      return true;
    });
  });
}

test("watch: an unknown type is shown capped at 128 characters", async () => {
  const type = "X".repeat(300);
  const { configMaps } = watching([JSON.stringify({ type, object: {} })]);
  await assert.rejects(drain(configMaps.watch()), (e: Error) => {
    const shown = JSON.stringify(type);
    assert.equal(e.message, `watch /api/v1/namespaces/n/configmaps: expected type ADDED, MODIFIED, DELETED, BOOKMARK or ERROR, got ${shown.slice(0, 128)}… (${shown.length - 128} more characters)`);
    return true;
  });
});

// [reply, the message's tail after "GET <path>: "]
const lists: [string, string][] = [
  ["null", "got null"],
  ["7", "got a number"],
  ['{"metadata":{}}', "got items undefined"],
  ['{"metadata":{},"items":{}}', "got items an object"],
  ['{"items":[]}', "got metadata undefined"],
  ['{"items":[],"metadata":[]}', "got metadata an array"],
  ['{"items":[],"metadata":"m"}', "got metadata a string"],
];

for (const [reply, got] of lists) {
  test(`list: a reply of ${reply} is refused naming what came (${got})`, async () => {
    const client = new RecordingClient();
    client.reply = reply;
    await assert.rejects(new Api(ConfigMap, { client, namespace: "n" }).list(), (e: Error) => {
      assert.ok(e instanceof KubexProtocolError);
      assert.equal(e.message, `GET /api/v1/namespaces/n/configmaps: expected a ConfigMapList (an object with metadata and an items array), ${got}`);
      return true;
    });
  });
}

test("list: a well-formed page is handed on as sent", async () => {
  const client = new RecordingClient();
  client.reply = '{"metadata":{"resourceVersion":"3"},"items":[{"metadata":{"name":"a"}}]}';
  assert.deepEqual(await new Api(ConfigMap, { client, namespace: "n" }).list(), { metadata: { resourceVersion: "3" }, items: [{ metadata: { name: "a" } }] });
});

for (const [reply, got] of [["null", "null"], ["[]", "an array"], ["true", "a boolean"], ['"c"', "a string"]] as const) {
  test(`get and create: a reply of ${reply} is refused naming the method, path and ${got}`, async () => {
    const client = new RecordingClient();
    client.reply = reply;
    const configMaps = new Api(ConfigMap, { client, namespace: "n" });
    await assert.rejects(configMaps.get("c"), (e: Error) => e instanceof KubexProtocolError && e.message === `GET /api/v1/namespaces/n/configmaps/c: expected a ConfigMap (an object), got ${got}`);
    await assert.rejects(configMaps.create({ metadata: { name: "c" } }), (e: Error) => e.message === `POST /api/v1/namespaces/n/configmaps: expected a ConfigMap (an object), got ${got}`);
  });
}
