// Http2Sessions against in-process TLS servers (one speaking h2 and advertising 2 streams, one
// HTTP/1.1 only): the probe call, learning the protocol and the stream limit, filling a session
// before opening the next, the connection cap, waiting and aborting, release, disconnects, close.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { getEventListeners } from "node:events";
import { createSecureServer, type ServerHttp2Session } from "node:http2";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { Agent, Client, type Dispatcher } from "undici";
import { Http2Sessions, type Http2Lease } from "../../../runtime/client/platform/http2-sessions.js";
import { testCerts } from "../support/certs.js";

const certs = testCerts();
const h2Sessions = new Set<ServerHttp2Session>();
const h2 = createSecureServer({ cert: certs.serverCert, key: certs.serverKey, settings: { maxConcurrentStreams: 2 } }, (req, res) => {
  res.writeHead(200, { "content-type": "text/plain" });
  if (req.url === "/hold") return void res.write("held"); // open until the client goes
  res.end("done");
});
h2.on("session", (s) => h2Sessions.add(s));
const sockets = new Set<Socket>();
const h1 = createHttpsServer({ cert: certs.serverCert, key: certs.serverKey }, (req, res) => res.end("h1"));
h1.on("secureConnection", (s: Socket) => sockets.add(s));
for (const server of [h2, h1]) await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
const origin = (server: { address(): unknown }) => `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
const http1 = new Agent({ connect: { ca: certs.ca } });
after(async () => {
  for (const s of h2Sessions) s.destroy();
  for (const s of sockets) s.destroy();
  h2.close();
  h1.close();
  await http1.close();
});

const tick = () => new Promise((resolve) => setImmediate(resolve));
const sessions = (server: { address(): unknown }, limits: { connections: number; streamsPerConnection?: number }) =>
  new Http2Sessions(origin(server), { ca: certs.ca }, {}, { connections: limits.connections, streamsPerConnection: limits.streamsPerConnection }, () => http1);

/** Sends a call on the lease's dispatcher and reports its headers as answered, as the backend does. */
async function call(lease: Http2Lease, path = "/hold"): Promise<Dispatcher.ResponseData> {
  try {
    return await lease.dispatcher.request({ path, method: "GET" });
  } finally {
    lease.answered();
  }
}
const settledSoon = async <T>(promise: Promise<T>): Promise<boolean> => {
  let settled = false;
  void promise.then(() => (settled = true), () => (settled = true));
  for (let i = 0; i < 5; i++) await tick();
  return settled;
};

test("h2: the probe call goes alone; once answered, a session takes the server's 2 streams, then the next opens, then calls wait", async () => {
  const pool = sessions(h2, { connections: 2 });
  try {
    const first = await pool.acquire();
    assert.deepEqual(pool.load, [1]);
    const second = pool.acquire();
    assert.equal(await settledSoon(second), false, "waits for the probe's answer");
    await call(first);
    const b = await second;
    assert.equal(b.dispatcher, first.dispatcher);
    assert.equal((first.dispatcher as Client).pipelining, 2, "the advertised limit replaces the assumed 100");
    assert.deepEqual(pool.load, [2]);
    const c = await pool.acquire();
    assert.notEqual(c.dispatcher, first.dispatcher);
    assert.deepEqual(pool.load, [2, 1]);
    const d = await pool.acquire();
    assert.equal(d.dispatcher, c.dispatcher);
    assert.deepEqual(pool.load, [2, 2]);
    const waiting = pool.acquire();
    assert.equal(await settledSoon(waiting), false, "at the cap: waits for a free stream");
    b.release();
    b.release();
    const e = await waiting;
    assert.equal(e.dispatcher, first.dispatcher);
    assert.deepEqual(pool.load, [2, 2], "a second release of one lease frees nothing");
    c.release();
    assert.deepEqual(pool.load, [2, 1]);
    assert.equal(e.answered.name, "noop", "only the probe's answer settles the protocol");
  } finally {
    await pool.close();
  }
});

test("h2: streamsPerConnection set is kept over what the server advertises", async () => {
  const pool = sessions(h2, { connections: 1, streamsPerConnection: 1 });
  try {
    const first = await pool.acquire();
    await call(first);
    assert.equal((first.dispatcher as Client).pipelining, 1);
    const next = pool.acquire();
    assert.equal(await settledSoon(next), false);
    first.release();
    assert.equal((await next).dispatcher, first.dispatcher);
    assert.deepEqual(pool.load, [1]);
  } finally {
    await pool.close();
  }
});

test("a server without h2: after the probe every call goes to the HTTP/1.1 dispatcher", async () => {
  const pool = sessions(h1, { connections: 4 });
  try {
    const first = await pool.acquire();
    const waiting = pool.acquire();
    const reply = await call(first, "/");
    assert.equal(await reply.body.text(), "h1");
    const later = await waiting;
    assert.equal(later.dispatcher, http1);
    assert.equal((await pool.acquire()).dispatcher, http1);
    assert.deepEqual(pool.load, [1], "no other session opened");
    first.release();
    assert.deepEqual(pool.load, [0]);
  } finally {
    await pool.close();
  }
});

test("a probe that failed before connecting is made again by the next call", async () => {
  const closed = createSecureServer({ cert: certs.serverCert, key: certs.serverKey });
  await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
  const nowhere = origin(closed);
  await new Promise<void>((r) => closed.close(() => r()));
  const pool = new Http2Sessions(nowhere, { ca: certs.ca }, {}, { connections: 4, streamsPerConnection: undefined }, () => http1);
  try {
    const first = await pool.acquire();
    const waiting = pool.acquire();
    await assert.rejects(call(first));
    first.release();
    const again = await waiting;
    assert.notEqual(again.dispatcher, first.dispatcher, "a new probe session");
    assert.notEqual(again.answered.name, "noop", "and it is the probe");
    assert.equal(await settledSoon(pool.acquire()), false, "the next waits for that probe");
  } finally {
    await pool.close();
  }
});

test("an aborted signal gives up at once, or while waiting for a stream; the next release goes to a call still waiting", async () => {
  const pool = sessions(h2, { connections: 1, streamsPerConnection: 1 });
  try {
    const aborted = AbortSignal.abort(new Error("before"));
    await assert.rejects(pool.acquire(aborted), { message: "before" });
    const first = await pool.acquire();
    await call(first);
    const controller = new AbortController();
    const givenUp = pool.acquire(controller.signal);
    const patient = pool.acquire();
    assert.equal(await settledSoon(givenUp), false);
    controller.abort(new Error("gave up"));
    await assert.rejects(givenUp, { message: "gave up" });
    first.release();
    assert.equal((await patient).dispatcher, first.dispatcher);
    assert.deepEqual(pool.load, [1]);
  } finally {
    await pool.close();
  }
});

test("a stream freed while a call with a signal waits resolves that call", async () => {
  const pool = sessions(h2, { connections: 1, streamsPerConnection: 1 });
  try {
    const first = await pool.acquire();
    await call(first);
    const controller = new AbortController();
    const waiting = pool.acquire(controller.signal);
    await tick();
    assert.equal(getEventListeners(controller.signal, "abort").length, 1);
    first.release();
    assert.equal((await waiting).dispatcher, first.dispatcher);
    assert.equal(getEventListeners(controller.signal, "abort").length, 0, "the wait's abort listener is removed");
    controller.abort();
    assert.deepEqual(pool.load, [1]);
  } finally {
    await pool.close();
  }
});

test("close(): calls waiting for a stream and later calls fail; the sessions are destroyed", async () => {
  const pool = sessions(h2, { connections: 1, streamsPerConnection: 1 });
  const first = await pool.acquire();
  await call(first);
  const waiting = assert.rejects(pool.acquire(), { message: "HTTP/2 sessions closed" });
  await tick();
  await pool.close();
  await waiting;
  await assert.rejects(pool.acquire(), { message: "HTTP/2 sessions closed" });
  assert.equal((first.dispatcher as Client).destroyed, true);
  assert.deepEqual(pool.load, []);
});

test("a session whose connection ended is dropped when it carries no call, kept while it does", async () => {
  const pool = sessions(h2, { connections: 2 });
  try {
    const first = await pool.acquire();
    const reply = await call(first, "/");
    await reply.body.text();
    first.release();
    const busy = await pool.acquire();
    assert.equal(busy.dispatcher, first.dispatcher);
    await call(busy);
    const idle = await pool.acquire();
    const second = await pool.acquire();
    assert.equal(idle.dispatcher, first.dispatcher);
    assert.notEqual(second.dispatcher, first.dispatcher);
    await (await call(second, "/")).body.text();
    second.release();
    assert.deepEqual(pool.load, [2, 0]);
    const disconnected = new Promise((resolve) => (second.dispatcher as Client).once("disconnect", resolve));
    const firstDisconnected = new Promise((resolve) => (first.dispatcher as Client).once("disconnect", resolve));
    for (const s of h2Sessions) s.destroy();
    await Promise.all([disconnected, firstDisconnected]);
    assert.deepEqual(pool.load, [2], "the idle session is gone, the busy one stays");
  } finally {
    await pool.close();
  }
});

test("the first session, idle when its connection ends, is dropped too", async () => {
  const pool = sessions(h2, { connections: 2 });
  try {
    const first = await pool.acquire();
    await (await call(first, "/")).body.text();
    first.release();
    assert.deepEqual(pool.load, [0]);
    const disconnected = new Promise((resolve) => (first.dispatcher as Client).once("disconnect", resolve));
    for (const s of h2Sessions) s.destroy();
    await disconnected;
    assert.deepEqual(pool.load, []);
  } finally {
    await pool.close();
  }
});
