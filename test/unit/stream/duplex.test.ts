import assert from "node:assert/strict";
import { test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { portStreamDuplex } from "../../../runtime/stream/duplex.js";
import type { PortStream } from "../../../runtime/stream/portforward.js";

test("writes wait for the session to take the bytes; the session's data is read only as fast as it is consumed", async () => {
  const written: number[] = [];
  let releaseWrite: () => void = () => {};
  let produced = 0;
  const stream: PortStream = {
    port: 80,
    write: (data) => new Promise<void>((resolve) => { written.push(data.length); releaseWrite = resolve; }),
    data: (async function* () {
      for (let i = 0; i < 1000; i++) {
        produced++;
        yield new Uint8Array(64 * 1024);
      }
    })(),
    errors: (async function* () {})(),
  };
  const duplex = portStreamDuplex(stream);

  let firstDone = false;
  duplex.write(Buffer.from("a"), () => (firstDone = true));
  await sleep(20);
  assert.equal(firstDone, false, "the write callback waits for the session");
  releaseWrite();
  await sleep(20);
  assert.equal(firstDone, true);

  // Nobody reads: production stops near the high-water mark instead of draining all 1000 chunks.
  await sleep(100);
  assert.ok(produced < 50, `only ${produced} chunks were pulled with no reader`);
  let consumed = 0;
  for await (const chunk of duplex) {
    consumed += (chunk as Buffer).length;
    if (consumed >= 1000 * 64 * 1024) break;
  }
  assert.equal(produced, 1000);
  duplex.destroy();
});

test("the end of the session's data ends the readable side", async () => {
  const stream: PortStream = {
    port: 80,
    write: async () => {},
    data: (async function* () { yield new TextEncoder().encode("bye"); })(),
    errors: (async function* () {})(),
  };
  const chunks: string[] = [];
  for await (const chunk of portStreamDuplex(stream)) chunks.push(String(chunk));
  assert.deepEqual(chunks, ["bye"]);
});
