// StreamSession over a scripted connection: what goes out on each protocol, how frames are
// demultiplexed, the error channel's Status, and how the session ends (close, loss, abort).
import assert from "node:assert/strict";
import { test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { Writable } from "node:stream";
import { KubexArgumentError, KubexClientError, KubexProtocolError } from "../../../runtime/errors.js";
import { outputHighWaterMark, StreamSession } from "../../../runtime/stream/session.js";
import { fakeConnection, hex, readText, text } from "./support/fake-connection.js";

const success = JSON.stringify({ kind: "Status", status: "Success" });

test("stdin.end sends the close signal [255, 0] on v5.channel.k8s.io", async () => {
  const connection = fakeConnection("v5.channel.k8s.io");
  const session = new StreamSession(connection);
  await session.stdin.end();
  assert.deepEqual(connection.sent.map(hex), ["ff00"]);
  await session.close();
});

test("stdin.end sends nothing on v4.channel.k8s.io, which has no close signal", async () => {
  const connection = fakeConnection("v4.channel.k8s.io");
  const session = new StreamSession(connection);
  assert.equal(session.protocol, "v4.channel.k8s.io");
  await session.stdin.write("a");
  await session.stdin.end();
  assert.deepEqual(connection.sent.map(hex), ["0061"]);
  await session.close();
});

test("stdin.write sends text as UTF-8 and bytes as they are, on channel 0", async () => {
  const connection = fakeConnection();
  const session = new StreamSession(connection);
  await session.stdin.write("é");
  await session.stdin.write(Uint8Array.of(1, 2));
  assert.deepEqual(connection.sent.map(hex), ["00c3a9", "000102"]);
  await session.close();
});

test("stdin.write refuses what is neither bytes nor text, before sending", async () => {
  const connection = fakeConnection();
  const session = new StreamSession(connection);
  await assert.rejects(session.stdin.write(42 as never), (e: Error) => e instanceof KubexArgumentError && e.message === "data: must be a Uint8Array or a string");
  assert.equal(connection.sent.length, 0);
  await session.close();
});

test("resize sends the size on channel 4; a bad size is refused before sending", async () => {
  const connection = fakeConnection();
  const session = new StreamSession(connection);
  await session.resize({ width: 80, height: 24 });
  assert.equal(text(connection.sent[0]!), '\x04{"Width":80,"Height":24}');
  await assert.rejects(session.resize({ width: 0, height: 24 }), (e: Error) => e instanceof KubexArgumentError && e.message === "size.width: must be an integer from 1 to 65535");
  assert.equal(connection.sent.length, 1);
  await session.close();
});

test("stdout and stderr are demultiplexed; empty frames, and frames with no channel, add nothing", async () => {
  const connection = fakeConnection();
  const session = new StreamSession(connection);
  connection.push(1, "out");
  connection.push(1, "");
  connection.push(2, "err");
  connection.push(2, "");
  connection.push(3, "");
  connection.push(1, "put");
  connection.end();
  const chunks: string[] = [];
  for await (const chunk of session.stdout) chunks.push(text(chunk));
  assert.deepEqual(chunks, ["out", "put"]);
  assert.equal(await readText(session.stderr), "err");
  // An empty error-channel frame is no Status: the process's outcome is unknown.
  assert.deepEqual(await session.waitForStatus(), { exitCode: null, status: undefined });
});

test("a zero-length frame (no channel byte) is skipped", async () => {
  const connection = fakeConnection();
  const frames = connection.receive.bind(connection);
  // The connection hands the session an empty frame before the output.
  connection.receive = () => {
    const inner = frames()[Symbol.asyncIterator]();
    let first = true;
    return { [Symbol.asyncIterator]: () => ({ next: async () => (first ? ((first = false), { value: new Uint8Array(0), done: false }) : inner.next()) }) };
  };
  const session = new StreamSession(connection);
  connection.push(1, "x");
  connection.end();
  assert.equal(await readText(session.stdout), "x");
  assert.deepEqual(await session.waitForStatus(), { exitCode: null, status: undefined });
});

test("an output switched off ends at once, the other keeps its frames", async () => {
  const connection = fakeConnection();
  const session = new StreamSession(connection, undefined, { stdout: false, stderr: true });
  connection.push(1, "dropped");
  connection.push(2, "kept");
  assert.equal(await readText(session.stdout), "");
  const err = session.stderr[Symbol.asyncIterator]();
  assert.equal(text((await err.next()).value), "kept");
  connection.end();
  await session.waitForStatus();

  const other = fakeConnection();
  const quiet = new StreamSession(other, undefined, { stdout: true, stderr: false });
  other.push(1, "out");
  assert.equal(await readText(quiet.stderr), "");
  other.end();
  assert.equal(await readText(quiet.stdout), "out");
});

test("the error channel's Success is exit code 0; a NonZeroExitCode is its code", async () => {
  const ok = fakeConnection();
  const session = new StreamSession(ok);
  ok.push(3, success);
  ok.end();
  const exit = await session.waitForStatus();
  assert.equal(exit.exitCode, 0);
  assert.equal(exit.status?.status, "Success");

  const failed = fakeConnection();
  const other = new StreamSession(failed);
  failed.push(3, JSON.stringify({ status: "Failure", reason: "NonZeroExitCode", details: { causes: [{ reason: "ExitCode", message: "3" }] } }));
  failed.end();
  assert.equal((await other.waitForStatus()).exitCode, 3);
});

test("a Status without kind is accepted (the kubelet omits it on success)", async () => {
  const connection = fakeConnection();
  const session = new StreamSession(connection);
  connection.push(3, JSON.stringify({ status: "Success" }));
  connection.end();
  assert.equal((await session.waitForStatus()).exitCode, 0);
});

for (const [what, payload] of [
  ["text that is not JSON", "not json"],
  ["JSON null", "null"],
  ["a JSON array", '[{"status":"Success"}]'],
  ["a JSON string", '"Success"'],
  ["another kind", JSON.stringify({ kind: "Pod", status: "Success" })],
  ["a status other than Success or Failure", JSON.stringify({ kind: "Status", status: "Pending" })],
  ["no status", JSON.stringify({ kind: "Status" })],
] as const) {
  test(`the error channel carrying ${what} is a protocol error quoting it, and fails the outputs`, async () => {
    const connection = fakeConnection();
    const session = new StreamSession(connection);
    connection.push(3, payload);
    const expected = `exec/attach: the error channel carried no Status (an object with status Success or Failure): ${JSON.stringify(payload)}`;
    await assert.rejects(session.waitForStatus(), (e: Error) => e instanceof KubexProtocolError && e.message === expected);
    await assert.rejects(readText(session.stdout), (e: Error) => e.message === expected);
    await assert.rejects(readText(session.stderr), (e: Error) => e.message === expected);
    assert.deepEqual(connection.closes, [1002]);
  });
}

test("the error channel's payload is quoted up to 200 characters", async () => {
  const connection = fakeConnection();
  const session = new StreamSession(connection);
  connection.push(3, "x".repeat(300));
  await assert.rejects(session.waitForStatus(), (e: Error) => e.message.endsWith(`: "${"x".repeat(200)}"`));
});

test("a frame on an unknown channel is a protocol error naming it; the connection closes with 1002", async () => {
  const connection = fakeConnection();
  const session = new StreamSession(connection);
  connection.push(9, "?");
  await assert.rejects(session.waitForStatus(), (e: Error) => e instanceof KubexProtocolError && e.message === "exec/attach: frame on unknown channel 9");
  await assert.rejects(readText(session.stdout), KubexProtocolError);
  assert.deepEqual(connection.closes, [1002]);
});

test("a close frame from the server (channel 255) and a resize echo (channel 4) are unknown channels", async () => {
  for (const channel of [0, 4, 255]) {
    const connection = fakeConnection();
    const session = new StreamSession(connection);
    connection.push(channel, "");
    await assert.rejects(session.waitForStatus(), new RegExp(`unknown channel ${channel}$`));
  }
});

test("a lost connection before any Status fails the session with the loss as the error", async () => {
  const connection = fakeConnection();
  const session = new StreamSession(connection);
  connection.push(1, "partial");
  connection.lose(1006);
  await assert.rejects(session.waitForStatus(), (e: Error) => e instanceof KubexClientError && (e as KubexClientError).code === "KUBEX_WS_ABNORMAL_CLOSE" && /closed abnormally/.test(e.message));
  const out = session.stdout[Symbol.asyncIterator]();
  assert.equal(text((await out.next()).value), "partial", "what arrived before the loss is still read");
  await assert.rejects(out.next(), /closed abnormally/);
  assert.deepEqual(connection.closes, [1002]);
});

test("a lost connection after the Status ends the session normally", async () => {
  const connection = fakeConnection();
  const session = new StreamSession(connection);
  connection.push(1, "done");
  connection.push(3, success);
  connection.lose(1006);
  assert.equal((await session.waitForStatus()).exitCode, 0);
  assert.equal(await readText(session.stdout), "done");
  assert.deepEqual(connection.closes, []);
});

test("a lost connection after this side asked to close ends the session normally", async () => {
  const connection = fakeConnection();
  // This connection loses itself when asked to close, as a server that drops the socket would.
  connection.close = async (code) => {
    connection.closes.push(code);
    connection.lose(1006);
  };
  const session = new StreamSession(connection);
  await session.close();
  assert.deepEqual(await session.waitForStatus(), { exitCode: null, status: undefined });
});

test("another failure of the connection is wrapped as a KubexClientError naming exec/attach, with the cause", async () => {
  const connection = fakeConnection();
  const cause = new TypeError("socket exploded");
  connection.receive = () => ({
    [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(cause) }),
  });
  const session = new StreamSession(connection);
  await assert.rejects(session.waitForStatus(), (e: Error) => e instanceof KubexClientError && !(e instanceof KubexProtocolError) && e.message === "exec/attach: socket exploded" && e.cause === cause);
  assert.deepEqual(connection.closes, [1002]);
});

test("a KubexClientError from the connection is passed on as it is", async () => {
  const connection = fakeConnection();
  const original = new KubexClientError("WebSocket: a message exceeds the limit", { code: "KUBEX_WS_MESSAGE_TOO_LARGE" });
  connection.receive = () => ({ [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(original) }) });
  const session = new StreamSession(connection);
  await assert.rejects(session.waitForStatus(), (e: Error) => e === original);
});

test("a failure to close with 1002 does not hide the session's error", async () => {
  const connection = fakeConnection();
  connection.close = async () => {
    throw new Error("already closed");
  };
  const session = new StreamSession(connection);
  connection.push(9);
  await assert.rejects(session.waitForStatus(), /unknown channel 9/);
});

test("aborting the signal fails both outputs and the status with KUBEX_ABORTED and closes the connection", async () => {
  const connection = fakeConnection();
  const controller = new AbortController();
  const session = new StreamSession(connection, controller.signal);
  connection.push(1, "before");
  await sleep(5);
  const reason = new Error("user gave up");
  controller.abort(reason);
  const aborted = (e: Error) => e instanceof KubexClientError && (e as KubexClientError).code === "KUBEX_ABORTED" && e.message === "exec/attach: aborted" && e.cause === reason;
  await assert.rejects(session.waitForStatus(), aborted);
  await assert.rejects(readText(session.stdout), aborted);
  await assert.rejects(readText(session.stderr), aborted);
  assert.ok(connection.closes.length >= 1);
});

test("an abort that comes as the server ends cleanly still fails the session", async () => {
  const connection = fakeConnection();
  const controller = new AbortController();
  // The abort lands between the last frame and the end of the iteration.
  const frames = connection.receive.bind(connection);
  connection.receive = () => {
    const inner = frames()[Symbol.asyncIterator]();
    return {
      [Symbol.asyncIterator]: () => ({
        next: async () => {
          const result = await inner.next();
          if (result.done) controller.abort();
          return result;
        },
      }),
    };
  };
  const session = new StreamSession(connection, controller.signal);
  connection.push(3, success);
  connection.end();
  await assert.rejects(session.waitForStatus(), (e: Error) => (e as KubexClientError).code === "KUBEX_ABORTED");
});

test("an abort after the connection is lost with a Status in is still an abort", async () => {
  const connection = fakeConnection();
  const controller = new AbortController();
  const frames = connection.receive.bind(connection);
  connection.receive = () => {
    const inner = frames()[Symbol.asyncIterator]();
    return {
      [Symbol.asyncIterator]: () => ({
        next: async () => {
          try {
            return await inner.next();
          } catch (error) {
            controller.abort();
            throw error;
          }
        },
      }),
    };
  };
  const session = new StreamSession(connection, controller.signal);
  connection.push(3, success);
  connection.lose();
  await assert.rejects(session.waitForStatus(), (e: Error) => (e as KubexClientError).code === "KUBEX_ABORTED");
});

test("the abort listener is removed once the session ends", async () => {
  const connection = fakeConnection();
  const controller = new AbortController();
  const session = new StreamSession(connection, controller.signal);
  connection.push(3, success);
  connection.end();
  await session.waitForStatus();
  controller.abort();
  assert.deepEqual(connection.closes, [], "an abort after the end closes nothing");
  assert.equal(await readText(session.stdout), "");
});

test("no caller waiting for the status sees no unhandled rejection", async () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (e: unknown) => unhandled.push(e);
  process.on("unhandledRejection", onUnhandled);
  try {
    const connection = fakeConnection();
    new StreamSession(connection);
    connection.push(9);
    await sleep(20);
  } finally {
    process.off("unhandledRejection", onUnhandled);
  }
  assert.deepEqual(unhandled, []);
});

test(`more than ${outputHighWaterMark} unread bytes stop the session taking frames; reading resumes it`, async () => {
  const connection = fakeConnection();
  const session = new StreamSession(connection);
  const chunk = new Uint8Array(256 * 1024);
  for (let i = 0; i < 12; i++) connection.push(1, chunk);
  connection.end();
  await sleep(30);
  // 4 chunks fill the 1 MiB mark exactly; the fifth passes it and the pump waits.
  assert.equal(connection.taken, 5);
  let bytes = 0;
  for await (const data of session.stdout) bytes += data.length;
  assert.equal(bytes, 12 * chunk.length);
  await session.waitForStatus();
});

test("up to the mark, frames are taken without a reader", async () => {
  const connection = fakeConnection();
  const session = new StreamSession(connection);
  for (let i = 0; i < 4; i++) connection.push(2, new Uint8Array(outputHighWaterMark / 4));
  connection.push(3, success);
  connection.end();
  assert.equal((await session.waitForStatus()).exitCode, 0, "the status arrives with 1 MiB unread");
  assert.equal(connection.taken, 5);
});

test("close ends the outputs after what is queued, closes the connection and waits for the end", async () => {
  const connection = fakeConnection();
  const session = new StreamSession(connection);
  connection.push(1, "queued");
  await sleep(5);
  await session.close();
  assert.deepEqual(connection.closes, [undefined]);
  assert.equal(await readText(session.stdout), "queued");
  assert.equal(await readText(session.stderr), "");
  assert.deepEqual(await session.waitForStatus(), { exitCode: null, status: undefined });
});

test("close frees a pump that waits for a reader", async () => {
  const connection = fakeConnection();
  const session = new StreamSession(connection);
  for (let i = 0; i < 3; i++) connection.push(1, new Uint8Array(outputHighWaterMark));
  await sleep(20);
  const closed = await Promise.race([session.close().then(() => "closed"), sleep(2_000, undefined, { ref: false }).then(() => "stuck")]);
  assert.equal(closed, "closed");
});

test("await using closes the session", async () => {
  const connection = fakeConnection();
  {
    await using session = new StreamSession(connection);
    void session;
  }
  assert.deepEqual(connection.closes, [undefined]);
});

test("writable(): each chunk is a stdin frame, close() half-closes stdin", async () => {
  const connection = fakeConnection();
  const session = new StreamSession(connection);
  const writer = session.writable().getWriter();
  await writer.write("ab");
  await writer.write(Uint8Array.of(0x63));
  await writer.close();
  assert.deepEqual(connection.sent.map(hex), ["006162", "0063", "ff00"]);
  await session.close();
});

test("writable() applies backpressure one chunk at a time", () => {
  const session = new StreamSession(fakeConnection());
  const writer = session.writable().getWriter();
  assert.equal(writer.desiredSize, 1);
  void session.close();
});

test("readable(): a Node Readable of one output", async () => {
  const connection = fakeConnection();
  const session = new StreamSession(connection);
  connection.push(1, "out");
  connection.push(2, "err");
  connection.end();
  const stdout = await session.readable("stdout");
  const stderr = await session.readable("stderr");
  assert.equal(stdout.readableObjectMode, false);
  let out = "";
  for await (const chunk of stdout) out += Buffer.from(chunk).toString();
  let err = "";
  for await (const chunk of stderr) err += Buffer.from(chunk).toString();
  assert.deepEqual([out, err], ["out", "err"]);
});

test("pipe(): stdin is fed then half-closed, outputs go to a WritableStream and a Node Writable", async () => {
  const connection = fakeConnection();
  const session = new StreamSession(connection);
  const out: string[] = [];
  const err: string[] = [];
  const stdout = new WritableStream<Uint8Array>({ write: (chunk) => void out.push(text(chunk)) });
  const stderr = new Writable({ write: (chunk: Buffer, _encoding, callback) => (err.push(chunk.toString()), callback()) });
  const stdin = (async function* () {
    yield "one";
    yield Uint8Array.of(0x32);
  })();
  connection.push(1, "a");
  connection.push(2, "b");
  connection.push(1, "c");
  const piping = session.pipe({ stdin, stdout, stderr });
  await sleep(20);
  assert.deepEqual(connection.sent.map(hex), ["006f6e65", "0032", "ff00"]);
  connection.push(3, success);
  connection.end();
  assert.equal((await piping).exitCode, 0);
  assert.deepEqual([out, err], [["a", "c"], ["b"]]);
  // Sinks are not ended: the WritableStream's lock is released and it still takes writes.
  assert.equal(stdout.locked, false);
  assert.equal(stderr.writableEnded, false);
});

test("pipe(): an output without a sink is read and dropped", async () => {
  const connection = fakeConnection();
  const session = new StreamSession(connection);
  for (let i = 0; i < 3; i++) connection.push(1, new Uint8Array(outputHighWaterMark));
  connection.push(3, success);
  connection.end();
  const exit = await Promise.race([session.pipe({}), sleep(2_000, undefined, { ref: false }).then(() => "stalled" as const)]);
  assert.notEqual(exit, "stalled");
});

test("pipe(): a Node Writable's write error fails the pipe", async () => {
  const connection = fakeConnection();
  const session = new StreamSession(connection);
  const sink = { write: (_chunk: Uint8Array, callback: (error?: Error | null) => void) => (callback(new Error("disk full")), true) };
  connection.push(1, "x");
  await assert.rejects(session.pipe({ stdout: sink }), /disk full/);
  await session.close();
});

test("pipe(): a WritableStream's write error fails the pipe and releases its lock", async () => {
  const connection = fakeConnection();
  const session = new StreamSession(connection);
  const sink = new WritableStream<Uint8Array>({ write: () => Promise.reject(new Error("sink broke")) });
  connection.push(2, "x");
  await assert.rejects(session.pipe({ stderr: sink }), /sink broke/);
  assert.equal(sink.locked, false);
  await session.close();
});

test("pipe(): a stdin source that fails while the session runs fails the pipe", async () => {
  const connection = fakeConnection();
  const session = new StreamSession(connection);
  const stdin = (async function* () {
    yield "x";
    throw new Error("source broke");
  })();
  await assert.rejects(session.pipe({ stdin }), /source broke/);
  await session.close();
});

test("pipe(): a stdin that ends and a session that goes on wait for the session", async () => {
  const connection = fakeConnection();
  const session = new StreamSession(connection);
  const piping = session.pipe({ stdin: (async function* () {})() });
  const early = await Promise.race([piping.then(() => "resolved"), sleep(30).then(() => "waiting")]);
  assert.equal(early, "waiting");
  connection.push(3, success);
  connection.end();
  assert.equal((await piping).exitCode, 0);
});

test("pipe(): refuses targets of the wrong shape before anything is sent", async () => {
  const connection = fakeConnection();
  const session = new StreamSession(connection);
  await assert.rejects(session.pipe({ stdout: {} as never }), (e: Error) => e instanceof KubexArgumentError && e.message === "io.stdout: must be a WritableStream or a Node Writable");
  await assert.rejects(session.pipe({ stdin: "text" as never }), /io\.stdin: must be an async iterable/);
  assert.equal(connection.sent.length, 0);
  await session.close();
});
