// The watcher reads its watch in its own loop: an event of a chunk already read reaches the
// consumer through one generator, not one per layer.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Api, watcher } from "../../../runtime/index.js";
import { ConfigMap } from "../../../generated/k8s/v1_35/core/v1/index.js";
import { RecordingClient } from "../api/recording-client.js";
import { turns } from "../support/turns.js";

const events = 1000;

test("watcher: the events of one chunk take at most three microtask turns each", async () => {
  const client = new RecordingClient();
  const event = (i: number) => JSON.stringify({ type: "ADDED", object: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: `c${i}`, resourceVersion: String(i) } } });
  const end = JSON.stringify({ type: "BOOKMARK", object: { metadata: { resourceVersion: "5000", annotations: { "k8s.io/initial-events-end": "true" } } } });
  client.chunks = [Array.from({ length: events }, (_, i) => event(i)).join("\n") + `\n${end}\n`];
  const configMaps = new Api(ConfigMap, { client, namespace: "default" });
  const got = await turns(async () => {
    const types = new Map<string, number>();
    for await (const e of watcher(configMaps)) {
      types.set(e.type, (types.get(e.type) ?? 0) + 1);
      if (e.type === "InitDone") break;
    }
    return Object.fromEntries(types);
  });
  assert.deepEqual(got.result, { Init: 1, InitApply: events, InitDone: 1 });
  assert.ok(got.turns <= 3 * events + 50, `${got.turns} turns for ${events} events`);
  assert.equal(client.cancelled, 1);
});
