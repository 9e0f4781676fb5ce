// PortForwarder over scripted connections: what forward asks for, how channels map to ports,
// the port-number prefix, errors per port, how a session ends; listen's local side.
import assert from "node:assert/strict";
import { test } from "node:test";
import { connect as connectTcp, createServer, type Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { KubexArgumentError, KubexClientError, KubexProtocolError } from "../../../runtime/errors.js";
import { PortForwarder } from "../../../runtime/stream/portforward.js";
import { outputHighWaterMark } from "../../../runtime/stream/session.js";
import type { ResourceContext } from "../../../runtime/resource/context.js";
import { fakeConnection, readText, text, type FakeConnection } from "./support/fake-connection.js";

interface Opened {
  readonly request: { path: string; query: [string, string][]; protocols: readonly string[]; timeout?: unknown; signal?: AbortSignal };
  readonly connection: FakeConnection;
}

/** A PortForwarder whose client hands out scripted connections; `onOpen` scripts each new one. */
function forwarder(onOpen: (connection: FakeConnection, ports: number[]) => void | Promise<void> = () => undefined) {
  const opened: Opened[] = [];
  const context = {
    objectPath: (name: string, namespace: string | undefined, subresource: string) => `/api/v1/namespaces/${namespace}/pods/${name}/${subresource}`,
    client: {
      async connectWebSocket(request: Opened["request"]) {
        const connection = fakeConnection("v4.channel.k8s.io");
        opened.push({ request, connection });
        await onOpen(connection, request.query.map(([, port]) => Number(port)));
        return connection;
      },
    },
  } as unknown as ResourceContext;
  return { pf: new PortForwarder(context, "web-0", "ns"), opened };
}

const prefix = (port: number) => Uint8Array.of(port & 0xff, port >> 8);
const withPrefix = (port: number, payload: string) => new Uint8Array([...prefix(port), ...new TextEncoder().encode(payload)]);
/** Opens both channels of each port as the kubelet does. */
const announce = (connection: FakeConnection, ports: number[]) =>
  ports.forEach((port, i) => {
    connection.push(2 * i, prefix(port));
    connection.push(2 * i + 1, prefix(port));
  });

test("forward asks for the portforward subresource with each port, on v4.channel.k8s.io, passing requestTimeout and signal", async () => {
  const { pf, opened } = forwarder();
  const signal = new AbortController().signal;
  const session = await pf.forward([8080, 9090], { requestTimeout: 5, signal });
  const { request } = opened[0]!;
  assert.equal(request.path, "/api/v1/namespaces/ns/pods/web-0/portforward");
  assert.deepEqual(request.query, [["ports", "8080"], ["ports", "9090"]]);
  assert.deepEqual([...request.protocols], ["v4.channel.k8s.io"]);
  assert.equal(request.timeout, 5);
  assert.equal(request.signal, signal);
  assert.deepEqual([...session.ports.keys()], [8080, 9090]);
  assert.deepEqual([...session.ports.values()].map((p) => p.port), [8080, 9090]);
  await session.close();
});

test("forward with no options passes no timeout and no signal", async () => {
  const { pf, opened } = forwarder();
  const session = await pf.forward([80]);
  assert.equal("timeout" in opened[0]!.request, false);
  assert.equal("signal" in opened[0]!.request, false);
  await session.close();
});

test("forward refuses bad ports and a bad signal before connecting", async () => {
  const { pf, opened } = forwarder();
  await assert.rejects(pf.forward([0]), (e: Error) => e instanceof KubexArgumentError && e.argument === "ports[0]");
  await assert.rejects(pf.forward([80], { signal: "stop" as never }), (e: Error) => e instanceof KubexArgumentError && e.argument === "signal");
  assert.equal(opened.length, 0);
});

test("the i-th port writes on channel 2i; a port's write takes bytes only", async () => {
  const { pf, opened } = forwarder();
  const session = await pf.forward([80, 81]);
  await session.ports.get(81)!.write(Uint8Array.of(7));
  await session.ports.get(80)!.write(Uint8Array.of(8));
  assert.deepEqual(opened[0]!.connection.sent.map((f) => [...f]), [[2, 7], [0, 8]]);
  await assert.rejects(session.ports.get(80)!.write("text" as never), (e: Error) => e instanceof KubexArgumentError && e.message === "data: must be a Uint8Array");
  await session.close();
});

test("data and error channels are demultiplexed per port, each first frame stripped of its port number", async () => {
  const { pf, opened } = forwarder();
  const session = await pf.forward([80, 443]);
  const c = opened[0]!.connection;
  c.push(2, withPrefix(443, "tls"));
  c.push(0, withPrefix(80, "http"));
  c.push(0, "more");
  c.push(0, "");
  c.push(3, withPrefix(443, "refused"));
  c.push(1, prefix(80));
  c.end();
  await session.closed;
  assert.equal(await readText(session.ports.get(80)!.data), "httpmore");
  assert.equal(await readText(session.ports.get(443)!.data), "tls");
  const errors: string[] = [];
  for await (const message of session.ports.get(443)!.errors) errors.push(message);
  assert.deepEqual(errors, ["refused"]);
  for await (const message of session.ports.get(80)!.errors) assert.fail(`unexpected error ${message}`);
});

test("a later frame that starts with other bytes is data, not a port number", async () => {
  const { pf, opened } = forwarder();
  const session = await pf.forward([80]);
  const c = opened[0]!.connection;
  c.push(0, prefix(80));
  c.push(0, prefix(81));
  c.end();
  const chunks: number[][] = [];
  for await (const chunk of session.ports.get(80)!.data) chunks.push([...chunk]);
  assert.deepEqual(chunks, [[81, 0]]);
});

for (const [what, frames, message] of [
  ["a channel opened without its port number", [[0, Uint8Array.of(80)]], "port-forward: channel 0 opened without its port number"],
  ["a channel opened for another port", [[0, prefix(81)]], "port-forward: channel 0 opened for port 81, not 80"],
  ["an error channel opened for another port", [[1, prefix(8080)]], "port-forward: channel 1 opened for port 8080, not 80"],
  ["a frame on a channel beyond the ports", [[2, prefix(80)]], "port-forward: frame on unknown channel 2"],
] as const) {
  test(`${what} is a protocol error that fails every stream and closes with 1002`, async () => {
    const { pf, opened } = forwarder();
    const session = await pf.forward([80]);
    const c = opened[0]!.connection;
    for (const [channel, payload] of frames) c.push(channel, payload);
    await assert.rejects(session.closed, (e: Error) => e instanceof KubexProtocolError && e.message === message);
    await assert.rejects(readText(session.ports.get(80)!.data), (e: Error) => e.message === message);
    await assert.rejects(readText(session.ports.get(80)!.errors as AsyncIterable<never>), (e: Error) => e.message === message);
    assert.deepEqual(c.closes, [1002]);
  });
}

test("a second port's channels are 2 and 3: a frame on 4 is unknown", async () => {
  const { pf, opened } = forwarder();
  const session = await pf.forward([80, 81]);
  const c = opened[0]!.connection;
  c.push(3, prefix(81));
  c.push(4, prefix(80));
  await assert.rejects(session.closed, /unknown channel 4$/);
});

test("a zero-length frame is skipped", async () => {
  const again = forwarder((connection) => {
    const original = connection.receive.bind(connection);
    let empty = true;
    connection.receive = () => {
      const inner = original()[Symbol.asyncIterator]();
      return { [Symbol.asyncIterator]: () => ({ next: async () => (empty ? ((empty = false), { value: new Uint8Array(0), done: false }) : inner.next()) }) };
    };
  });
  const other = await again.pf.forward([80]);
  const oc = again.opened[0]!.connection;
  oc.push(0, withPrefix(80, "x"));
  oc.end();
  assert.equal(await readText(other.ports.get(80)!.data), "x");
});

test("a lost connection fails the streams with the loss; after close() it ends them", async () => {
  const { pf, opened } = forwarder();
  const session = await pf.forward([80]);
  opened[0]!.connection.lose(1011);
  await assert.rejects(session.closed, (e: Error) => e instanceof KubexClientError && e.code === "KUBEX_WS_ABNORMAL_CLOSE");
  await assert.rejects(readText(session.ports.get(80)!.data), /closed abnormally/);

  const closing = forwarder((connection) => {
    connection.close = async (code) => {
      connection.closes.push(code);
      connection.lose(1006);
    };
  });
  const other = await closing.pf.forward([80]);
  await other.close();
  await other.closed;
  assert.equal(await readText(other.ports.get(80)!.data), "");
});

test("another failure is wrapped as a KubexClientError naming port-forward, with the cause", async () => {
  const cause = new TypeError("boom");
  const { pf } = forwarder((connection) => {
    connection.receive = () => ({ [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(cause) }) });
  });
  const session = await pf.forward([80]);
  await assert.rejects(session.closed, (e: Error) => e instanceof KubexClientError && !(e instanceof KubexProtocolError) && e.message === "port-forward: boom" && e.cause === cause);
});

test("a KubexClientError from the connection is passed on as it is; a failed 1002 close hides nothing", async () => {
  const original = new KubexClientError("too large", { code: "KUBEX_WS_MESSAGE_TOO_LARGE" });
  const { pf } = forwarder((connection) => {
    connection.receive = () => ({ [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(original) }) });
    connection.close = async () => {
      throw new Error("already closed");
    };
  });
  const session = await pf.forward([80]);
  await assert.rejects(session.closed, (e: Error) => e === original);
});

test("aborting fails every stream with KUBEX_ABORTED and closes the connection; the listener goes once the session ends", async () => {
  const { pf, opened } = forwarder();
  const controller = new AbortController();
  const session = await pf.forward([80, 81], { signal: controller.signal });
  const reason = new Error("stop");
  controller.abort(reason);
  const aborted = (e: Error) => e instanceof KubexClientError && e.code === "KUBEX_ABORTED" && e.message === "port-forward: aborted" && e.cause === reason;
  await assert.rejects(session.closed, aborted);
  for (const port of [80, 81]) {
    await assert.rejects(readText(session.ports.get(port)!.data), aborted);
    await assert.rejects(readText(session.ports.get(port)!.errors as AsyncIterable<never>), aborted);
  }
  assert.ok(opened[0]!.connection.closes.length >= 1);

  const later = new AbortController();
  const ended = await pf.forward([80], { signal: later.signal });
  opened[1]!.connection.end();
  await ended.closed;
  later.abort();
  assert.deepEqual(opened[1]!.connection.closes, []);
});

test("an abort as the server ends cleanly, or after close(), is still an abort", async () => {
  const controller = new AbortController();
  const { pf } = forwarder((connection) => {
    const original = connection.receive.bind(connection);
    connection.receive = () => {
      const inner = original()[Symbol.asyncIterator]();
      return {
        [Symbol.asyncIterator]: () => ({
          next: async () => {
            try {
              const result = await inner.next();
              if (result.done) controller.abort();
              return result;
            } catch (error) {
              controller.abort();
              throw error;
            }
          },
        }),
      };
    };
  });
  const session = await pf.forward([80], { signal: controller.signal });
  await session.close();
  await assert.rejects(session.closed, (e: Error) => (e as KubexClientError).code === "KUBEX_ABORTED");
});

test(`more than ${outputHighWaterMark} unread bytes on a port stop the session taking frames`, async () => {
  const { pf, opened } = forwarder();
  const session = await pf.forward([80]);
  const c = opened[0]!.connection;
  c.push(0, prefix(80));
  for (let i = 0; i < 8; i++) c.push(0, new Uint8Array(512 * 1024));
  c.end();
  await sleep(30);
  // The prefix frame, two chunks to the mark, the third past it: then the pump waits.
  assert.equal(c.taken, 4);
  let bytes = 0;
  for await (const chunk of session.ports.get(80)!.data) bytes += chunk.length;
  assert.equal(bytes, 8 * 512 * 1024);
  await session.closed;
});

test("close ends the streams after what is queued and closes the connection; await using does too", async () => {
  const { pf, opened } = forwarder();
  const session = await pf.forward([80]);
  opened[0]!.connection.push(0, withPrefix(80, "queued"));
  await sleep(5);
  await session.close();
  assert.deepEqual(opened[0]!.connection.closes, [undefined]);
  assert.equal(await readText(session.ports.get(80)!.data), "queued");
  {
    await using disposed = await pf.forward([81]);
    void disposed;
  }
  assert.deepEqual(opened[1]!.connection.closes, [undefined]);
});

// listen: real local sockets, scripted remote side.
const echo = (connection: FakeConnection, ports: number[]) => {
  announce(connection, ports);
  const send = connection.send.bind(connection);
  connection.send = async (data) => {
    await send(data);
    if (text(data.subarray(1)) === "die") connection.lose(1006);
    else connection.push(data[0]!, data.subarray(1));
  };
};

function open(port: number, host = "127.0.0.1"): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connectTcp(port, host, () => resolve(socket));
    socket.once("error", reject);
  });
}
const exchange = (socket: Socket, message: string) =>
  new Promise<string>((resolve, reject) => {
    socket.once("data", (d: Buffer) => resolve(d.toString()));
    socket.once("error", reject);
    socket.write(message);
  });
const closedSocket = (socket: Socket) => new Promise<void>((resolve) => (socket.destroyed ? resolve() : socket.once("close", () => resolve())));

test("listen binds each remote port on 127.0.0.1 by default and opens one session per connection", async () => {
  const { pf, opened } = forwarder(echo);
  await using listener = await pf.listen({ 80: 0, 443: 0 }, { requestTimeout: 2 });
  assert.deepEqual(Object.keys(listener.ports), ["80", "443"]);
  const a = await open(listener.ports[80]!);
  const b = await open(listener.ports[443]!);
  assert.deepEqual(await Promise.all([exchange(a, "one"), exchange(b, "two")]), ["one", "two"]);
  assert.deepEqual(opened.map((o) => o.request.query), [[["ports", "80"]], [["ports", "443"]]]);
  assert.equal(opened[0]!.request.timeout, 2);
  assert.equal("signal" in opened[0]!.request, false, "a connection's session does not take the listener's signal");
  a.destroy();
  b.destroy();
});

test("listen binds a fixed local port as asked, on the address asked", async () => {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
  const free = (probe.address() as { port: number }).port;
  await new Promise<void>((r) => probe.close(() => r()));
  const { pf } = forwarder(echo);
  await using listener = await pf.listen({ 80: free }, { address: "127.0.0.2" });
  assert.equal(listener.ports[80], free);
  const socket = await open(free, "127.0.0.2");
  assert.equal(await exchange(socket, "x"), "x");
  socket.destroy();
  await assert.rejects(open(free, "127.0.0.1"), /ECONNREFUSED/);
});

test("one failing connection leaves a concurrent one and later ones working", async () => {
  const { pf } = forwarder(echo);
  await using listener = await pf.listen({ 80: 0 });
  const port = listener.ports[80]!;
  const [a, b] = await Promise.all([open(port), open(port)]);
  assert.deepEqual(await Promise.all([exchange(a, "a"), exchange(b, "b")]), ["a", "b"]);
  a.on("error", () => undefined);
  a.write("die");
  await closedSocket(a);
  assert.equal(await exchange(b, "still"), "still");
  const c = await open(port);
  assert.equal(await exchange(c, "new"), "new");
  b.destroy();
  c.destroy();
});

test("a connection whose session cannot open is destroyed alone", async () => {
  let attempt = 0;
  const { pf } = forwarder(async (connection, ports) => {
    if (attempt++ === 0) throw new KubexClientError("upgrade refused");
    echo(connection, ports);
  });
  await using listener = await pf.listen({ 80: 0 });
  const first = await open(listener.ports[80]!);
  first.on("error", () => undefined);
  await closedSocket(first);
  const second = await open(listener.ports[80]!);
  assert.equal(await exchange(second, "ok"), "ok");
  second.destroy();
});

test("the remote's end ends the local connection; a reset local connection closes its session", async () => {
  const connections: FakeConnection[] = [];
  const { pf } = forwarder((connection, ports) => {
    connections.push(connection);
    echo(connection, ports);
  });
  await using listener = await pf.listen({ 80: 0 });
  const socket = await open(listener.ports[80]!);
  assert.equal(await exchange(socket, "x"), "x");
  const ended = new Promise<void>((resolve) => socket.once("end", () => resolve()));
  connections[0]!.end();
  await ended;
  socket.destroy();

  const other = await open(listener.ports[80]!);
  assert.equal(await exchange(other, "y"), "y");
  other.resetAndDestroy();
  await sleep(100);
  assert.ok(connections[1]!.closes.length > 0, "the session of a reset socket is closed");
});

test("listen refuses bad arguments, and an aborted signal, before binding", async () => {
  const { pf, opened } = forwarder();
  await assert.rejects(pf.listen({}), (e: Error) => e instanceof KubexArgumentError && e.argument === "portMap");
  await assert.rejects(pf.listen({ 80: 0 }, { address: "" }), (e: Error) => e instanceof KubexArgumentError && e.argument === "address");
  await assert.rejects(pf.listen({ 80: 0 }, { signal: {} as never }), (e: Error) => e instanceof KubexArgumentError && e.argument === "signal");
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(pf.listen({ 80: 0 }, { signal: controller.signal }), (e: Error) => (e as KubexClientError).code === "KUBEX_ABORTED" && e.message === "port-forward: aborted");
  assert.equal(opened.length, 0);
});

test("a local port already in use fails listen and closes the ports bound so far", async () => {
  const busy = createServer();
  await new Promise<void>((r) => busy.listen(0, "127.0.0.1", r));
  const taken = (busy.address() as { port: number }).port;
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
  const first = (probe.address() as { port: number }).port;
  await new Promise<void>((r) => probe.close(() => r()));
  const { pf } = forwarder(echo);
  await assert.rejects(pf.listen({ 80: first, 81: taken }), /EADDRINUSE/);
  await assert.rejects(open(first), /ECONNREFUSED/, "the first port was released");
  await new Promise<void>((r) => busy.close(() => r()));
});

test("aborting the signal closes the listener and its connections", async () => {
  const { pf } = forwarder(echo);
  const controller = new AbortController();
  const listener = await pf.listen({ 80: 0 }, { signal: controller.signal });
  const socket = await open(listener.ports[80]!);
  assert.equal(await exchange(socket, "x"), "x");
  controller.abort();
  await closedSocket(socket);
  await sleep(20);
  await assert.rejects(open(listener.ports[80]!), /ECONNREFUSED/);
});

test("close ends a connection whose client half-closed, without waiting for the remote", async () => {
  const { pf } = forwarder(echo);
  const listener = await pf.listen({ 80: 0 });
  const socket = await open(listener.ports[80]!);
  assert.equal(await exchange(socket, "x"), "x");
  socket.end();
  const result = await Promise.race([listener.close().then(() => "closed"), sleep(3_000, undefined, { ref: false }).then(() => "still open")]);
  assert.equal(result, "closed");
});
