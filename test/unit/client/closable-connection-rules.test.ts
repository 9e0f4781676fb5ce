// A WebSocket connection as the client hands it out: once the client closes, sending and
// receiving reject with KubexClosedError rather than ending quietly; `done` runs when it ends.
import { test } from "node:test";
import assert from "node:assert/strict";
import { KubexClosedError } from "../../../runtime/errors.js";
import { closableConnection } from "../../../runtime/client/closable-connection.js";
import type { WebSocketConnection } from "../../../runtime/client/websocket/connection.js";

/** A connection that yields `frames` (then throws `failure` if given) and records what it is asked. */
function fake(frames: string[], failure?: Error) {
  const calls = { sent: [] as string[], closed: [] as unknown[][] };
  const connection: WebSocketConnection = {
    protocol: "v5.channel.k8s.io",
    send: async (data) => void calls.sent.push(new TextDecoder().decode(data)),
    receive: () => ({
      async *[Symbol.asyncIterator]() {
        for (const f of frames) yield new TextEncoder().encode(f);
        if (failure) throw failure;
      },
    }),
    close: async (...args) => void calls.closed.push(args),
    [Symbol.asyncDispose]: async () => undefined,
  };
  return { connection, calls };
}

const closedError = (e: unknown) => e instanceof KubexClosedError && e.message === "WebSocket /exec: the client was closed";

async function drain(c: WebSocketConnection): Promise<string[]> {
  const got: string[] = [];
  for await (const f of c.receive()) got.push(new TextDecoder().decode(f));
  return got;
}

test("while the client is open: the protocol, frames and sends are the connection's, and done runs when the frames end", async () => {
  const { connection, calls } = fake(["a", "b"]);
  let done = 0;
  const c = closableConnection(connection, new AbortController().signal, "/exec", () => done++);
  assert.equal(c.protocol, "v5.channel.k8s.io");
  await c.send(new TextEncoder().encode("in"));
  assert.deepEqual(calls.sent, ["in"]);
  assert.equal(done, 0);
  assert.deepEqual(await drain(c), ["a", "b"]);
  assert.equal(done, 1);
});

test("a failure while the client is open is the connection's own, and done still runs", async () => {
  const failure = new Error("reset");
  const { connection } = fake(["a"], failure);
  let done = 0;
  const c = closableConnection(connection, new AbortController().signal, "/exec", () => done++);
  await assert.rejects(drain(c), (e) => e === failure);
  assert.equal(done, 1);
});

test("once the client is closed: send rejects without sending, and frames that end or fail end in KubexClosedError", async () => {
  const closing = new AbortController();
  closing.abort();
  const { connection, calls } = fake(["a"]);
  let done = 0;
  const c = closableConnection(connection, closing.signal, "/exec", () => done++);
  await assert.rejects(c.send(new Uint8Array([1])), closedError);
  assert.deepEqual(calls.sent, []);
  await assert.rejects(drain(c), closedError);
  assert.equal(done, 1);
  const failing = closableConnection(fake([], new Error("reset")).connection, closing.signal, "/exec", () => done++);
  await assert.rejects(drain(failing), closedError);
  assert.equal(done, 2);
});

test("close() and dispose run done and close the connection with the code and reason given", async () => {
  const { connection, calls } = fake([]);
  let done = 0;
  const c = closableConnection(connection, new AbortController().signal, "/exec", () => done++);
  await c.close(4000, "bye");
  assert.deepEqual(calls.closed, [[4000, "bye"]]);
  assert.equal(done, 1);
  await c[Symbol.asyncDispose]();
  assert.deepEqual(calls.closed, [[4000, "bye"], [undefined, undefined]]);
  assert.equal(done, 2);
});
