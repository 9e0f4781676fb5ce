// PortForwarder rules the session tests leave open: the channels of a third port, an abort or a
// close while the session waits for a slow reader, and on listen's local side a failed write,
// a slow local reader, and a client that half-closes before the remote answers.
import assert from "node:assert/strict";
import { test } from "node:test";
import { connect as connectTcp, type Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { KubexClientError } from "../../../runtime/errors.js";
import { PortForwarder } from "../../../runtime/stream/portforward.js";
import type { ResourceContext } from "../../../runtime/resource/context.js";
import { fakeConnection, readText, type FakeConnection } from "./support/fake-connection.js";

/** A PortForwarder whose client hands out scripted connections; `onOpen` scripts each new one. */
function forwarder(onOpen: (connection: FakeConnection, ports: number[]) => void = () => undefined) {
  const opened: FakeConnection[] = [];
  const context = {
    objectPath: (name: string, namespace: string | undefined, subresource: string) => `/api/v1/namespaces/${namespace}/pods/${name}/${subresource}`,
    client: {
      async connectWebSocket(request: { query: [string, string][] }) {
        const connection = fakeConnection("v4.channel.k8s.io");
        opened.push(connection);
        onOpen(connection, request.query.map(([, port]) => Number(port)));
        return connection;
      },
    },
  } as unknown as ResourceContext;
  return { pf: new PortForwarder(context, "web-0", "ns"), opened };
}

const prefix = (port: number) => Uint8Array.of(port & 0xff, port >> 8);
const announce = (connection: FakeConnection, ports: number[]) =>
  ports.forEach((port, i) => {
    connection.push(2 * i, prefix(port));
    connection.push(2 * i + 1, prefix(port));
  });
/** Settles with `promise`, or with "pending" after `ms`. */
const within = <T>(promise: Promise<T>, ms = 2_000) => Promise.race([promise, sleep(ms, "pending" as const, { ref: false })]);

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connectTcp(port, "127.0.0.1", () => resolve(socket));
    socket.once("error", reject);
  });
}

test("the third port writes on channel 4 and reads channels 4 and 5", async () => {
  const { pf, opened } = forwarder();
  const session = await pf.forward([80, 81, 82]);
  const c = opened[0]!;
  await session.ports.get(82)!.write(Uint8Array.of(9));
  await session.ports.get(80)!.write(Uint8Array.of(8));
  assert.deepEqual(c.sent.map((f) => [...f]), [[4, 9], [0, 8]]);
  c.push(4, new Uint8Array([...prefix(82), 0x64]));
  c.push(5, new Uint8Array([...prefix(82), 0x65]));
  c.end();
  assert.equal(await readText(session.ports.get(82)!.data), "d");
  const errors: string[] = [];
  for await (const message of session.ports.get(82)!.errors) errors.push(message);
  assert.deepEqual(errors, ["e"]);
});

/** A session whose port 80 holds more unread bytes than the mark, so that the session waits for a reader. */
async function stalled() {
  const { pf, opened } = forwarder();
  const controller = new AbortController();
  const session = await pf.forward([80], { signal: controller.signal });
  const c = opened[0]!;
  c.push(0, prefix(80));
  for (let i = 0; i < 8; i++) c.push(0, new Uint8Array(512 * 1024));
  await sleep(30);
  assert.ok(c.taken < 9, "the session waits for a reader");
  return { session, controller };
}

test("an abort while the session waits for a slow reader ends it at once with KUBEX_ABORTED", async () => {
  const { session, controller } = await stalled();
  controller.abort();
  const outcome = await within(session.closed.then(() => "resolved", (e: Error) => (e as KubexClientError).code));
  assert.equal(outcome, "KUBEX_ABORTED");
});

test("close() while the session waits for a slow reader does not wait for that reader", async () => {
  const { session } = await stalled();
  assert.equal(await within(session.close().then(() => "closed")), "closed");
});

test("listen: a write the session refuses destroys the local connection", async () => {
  const { pf } = forwarder((connection, ports) => {
    announce(connection, ports);
    connection.failSends(new Error("send failed"));
  });
  await using listener = await pf.listen({ 80: 0 });
  const socket = await open(listener.ports[80]!);
  socket.on("error", () => undefined);
  const closed = new Promise<string>((resolve) => socket.once("close", () => resolve("closed")));
  socket.write("x");
  assert.equal(await within(closed), "closed");
});

test("listen: a local reader slower than the remote still gets every byte, in order", async () => {
  // More than the socket buffers of a loopback connection hold, so that the local side must wait for "drain".
  const size = 512 * 1024;
  const chunks = 32;
  const { pf } = forwarder((connection, ports) => {
    announce(connection, ports);
    for (let i = 0; i < chunks; i++) connection.push(0, new Uint8Array(size).fill(i + 1));
    connection.end();
  });
  await using listener = await pf.listen({ 80: 0 });
  const socket = await open(listener.ports[80]!);
  socket.pause();
  await sleep(100);
  const received: Buffer[] = [];
  const ended = new Promise<void>((resolve) => socket.once("end", () => resolve()));
  socket.on("data", (chunk: Buffer) => received.push(chunk));
  socket.resume();
  assert.equal(await within(ended.then(() => "ended"), 5_000), "ended");
  const all = Buffer.concat(received);
  assert.equal(all.length, chunks * size);
  for (let i = 0; i < chunks; i++) assert.equal(all[i * size], i + 1);
});

test("listen: a client that ends its side still gets the remote's answer", async () => {
  const { pf } = forwarder((connection, ports) => {
    announce(connection, ports);
    const send = connection.send.bind(connection);
    connection.send = async (data) => {
      await send(data);
      setTimeout(() => {
        connection.push(0, data.subarray(1));
        connection.end();
      }, 50);
    };
  });
  await using listener = await pf.listen({ 80: 0 });
  const socket = await open(listener.ports[80]!);
  let answer = "";
  socket.on("data", (chunk: Buffer) => (answer += chunk.toString()));
  const ended = new Promise<void>((resolve) => socket.once("end", () => resolve()));
  socket.end("ping");
  assert.equal(await within(ended.then(() => "ended")), "ended");
  assert.equal(answer, "ping");
});
