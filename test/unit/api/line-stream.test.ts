// LineStream, the iterator behind logs.stream() and watch(): order, closing and errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Api, KubexArgumentError, NotFound } from "../../../runtime/index.js";
import { ConfigMap, Pod } from "../../../generated/k8s/v1_35/core/v1/index.js";
import { RecordingClient } from "./recording-client.js";

const setup = (...chunks: string[]) => {
  const client = new RecordingClient();
  client.chunks = chunks;
  return { client, pods: new Api(Pod, { client, namespace: "default" }), configMaps: new Api(ConfigMap, { client, namespace: "default" }) };
};

test("next() calls made together get the lines in order, across chunk reads, then done", async () => {
  const { client, pods } = setup("a\nb", "\nc\n", "d");
  const it = pods.logs.stream("web-0")[Symbol.asyncIterator]();
  const got = await Promise.all([it.next(), it.next(), it.next(), it.next(), it.next(), it.next()]);
  assert.deepEqual(got, [
    { value: "a", done: false }, { value: "b", done: false }, { value: "c", done: false }, { value: "d", done: false },
    { value: undefined, done: true }, { value: undefined, done: true },
  ]);
  assert.equal(client.cancelled, 1);
  assert.equal(client.sent.length, 1);
});

test("the request is sent on the first next(), and each loop sends its own", async () => {
  const { client, pods } = setup("a\n");
  const lines = pods.logs.stream("web-0");
  assert.equal(client.sent.length, 0);
  for await (const _ of lines) break;
  for await (const _ of lines) break;
  assert.equal(client.sent.length, 2);
  assert.equal(client.sent[0]!.path, "/api/v1/namespaces/default/pods/web-0/log");
});

test("breaking out after the first line of a chunk closes the reply once; next() after it is done", async () => {
  const { client, pods } = setup("a\nb\nc\n");
  const it = pods.logs.stream("web-0")[Symbol.asyncIterator]();
  assert.deepEqual(await it.next(), { value: "a", done: false });
  assert.deepEqual(await it.return!(), { value: undefined, done: true });
  assert.deepEqual(await it.return!(), { value: undefined, done: true });
  assert.deepEqual(await it.next(), { value: undefined, done: true });
  assert.equal(client.cancelled, 1);
});

test("an ERROR event in the middle of a chunk rejects after the events before it, and closes the reply", async () => {
  const added = (name: string) => JSON.stringify({ type: "ADDED", object: { metadata: { name } } });
  const error = JSON.stringify({ type: "ERROR", object: { kind: "Status", apiVersion: "v1", status: "Failure", code: 404, reason: "NotFound", message: "gone" } });
  const { client, configMaps } = setup(`${added("a")}\n\n${error}\n${added("b")}\n`);
  const seen: string[] = [];
  await assert.rejects(async () => {
    for await (const e of configMaps.watch()) if (e.type === "ADDED") seen.push(e.object.metadata?.name ?? "");
  }, NotFound);
  assert.deepEqual(seen, ["a"]);
  assert.equal(client.cancelled, 1);
});

test("a cap that is not a positive integer rejects the first next(), not the creation of the iterator", async () => {
  const { client, pods } = setup("a\n");
  const it = pods.logs.stream("web-0", { maxLineBytes: 0 })[Symbol.asyncIterator]();
  await assert.rejects(it.next(), KubexArgumentError);
  assert.equal(client.sent.length, 0);
});

test("a line over the cap is refused naming the stream, and the reply is closed", async () => {
  const { client, configMaps } = setup(`${"x".repeat(20)}\n`);
  await assert.rejects(async () => {
    for await (const _ of configMaps.watch({ maxLineBytes: 10 })) void _;
  }, /watch \/api\/v1\/namespaces\/default\/configmaps: a line exceeds the cap of 10 bytes/);
  assert.equal(client.cancelled, 1);
});
