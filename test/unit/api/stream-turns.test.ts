// The lines of a chunk are handed on without an async generator hop per line: a for-await loop
// over logs.stream() or watch() takes one microtask turn per line, however many layers are below.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Api } from "../../../runtime/index.js";
import { ConfigMap, Pod } from "../../../generated/k8s/v1_35/core/v1/index.js";
import { RecordingClient } from "./recording-client.js";
import { turns } from "../support/turns.js";

const lines = 1000;

test("logs.stream: the lines of one chunk take one microtask turn each", async () => {
  const client = new RecordingClient();
  client.chunks = [Array.from({ length: lines }, (_, i) => `line ${i}`).join("\n") + "\n"];
  const pods = new Api(Pod, { client, namespace: "default" });
  const got = await turns(async () => {
    let n = 0;
    for await (const _ of pods.logs.stream("web-0")) n++;
    return n;
  });
  assert.equal(got.result, lines);
  assert.ok(got.turns <= lines + 50, `${got.turns} turns for ${lines} lines`);
  assert.equal(client.cancelled, 1);
});

test("watch: the events of one chunk take one microtask turn each", async () => {
  const client = new RecordingClient();
  const event = (i: number) => JSON.stringify({ type: "ADDED", object: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: `c${i}`, resourceVersion: String(i) } } });
  client.chunks = [Array.from({ length: lines }, (_, i) => event(i)).join("\n") + "\n"];
  const configMaps = new Api(ConfigMap, { client, namespace: "default" });
  const got = await turns(async () => {
    let n = 0;
    for await (const _ of configMaps.watch()) n++;
    return n;
  });
  assert.equal(got.result, lines);
  assert.ok(got.turns <= lines + 50, `${got.turns} turns for ${lines} events`);
  assert.equal(client.cancelled, 1);
});
