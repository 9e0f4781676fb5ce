// The frame queue both WebSocket adapters share, and the handshake bound: close codes, the
// errors' exact messages and codes, the 64/16 flow-control marks. Pure: no socket.
import assert from "node:assert/strict";
import { test } from "node:test";
import { KubexClientError, KubexProtocolError, KubexTimeoutError } from "../../../runtime/errors.js";
import { abnormalCloseError, endFrames, FrameQueue, isAbnormalClose, isCleanClose, oversizeError, textFrameError } from "../../../runtime/client/websocket/frames.js";
import { handshakeTimeoutMs, startHandshakeTimer } from "../../../runtime/client/websocket/open.js";

const frame = (n: number) => Uint8Array.of(n);

test("a clean close is 1000 or 1005 only", () => {
  assert.equal(isCleanClose(1000), true);
  assert.equal(isCleanClose(1005), true);
  for (const code of [undefined, 999, 1001, 1002, 1003, 1004, 1006, 1011, 4000]) assert.equal(isCleanClose(code), false, String(code));
});

test("an abnormal close names the path, the code and the reason; no code or 1006 is a lost connection", () => {
  const coded = abnormalCloseError("/p", 1011, "kubelet gone");
  assert.ok(coded instanceof KubexClientError);
  assert.equal(coded.code, "KUBEX_WS_ABNORMAL_CLOSE");
  assert.equal(coded.message, "WebSocket /p: closed abnormally (code 1011: kubelet gone)");
  assert.equal(abnormalCloseError("/p", 1001, "").message, "WebSocket /p: closed abnormally (code 1001)");
  assert.equal(abnormalCloseError("/p", 1001, undefined).message, "WebSocket /p: closed abnormally (code 1001)");
  assert.equal(abnormalCloseError("/p", 1006, "").message, "WebSocket /p: closed abnormally (the connection was lost, code 1006)");
  assert.equal(abnormalCloseError("/p", undefined, "gone").message, "WebSocket /p: closed abnormally (the connection was lost, code 1006: gone)");
});

test("isAbnormalClose is true for the abnormal-close error only", () => {
  assert.equal(isAbnormalClose(abnormalCloseError("/p", 1011, "")), true);
  assert.equal(isAbnormalClose(new KubexClientError("x", { code: "KUBEX_WS_MESSAGE_TOO_LARGE" })), false);
  assert.equal(isAbnormalClose(new KubexClientError("x")), false);
  assert.equal(isAbnormalClose(Object.assign(new Error("x"), { code: "KUBEX_WS_ABNORMAL_CLOSE" })), false);
  assert.equal(isAbnormalClose(undefined), false);
});

test("the oversize error names the size when known, the limit and the option", () => {
  const known = oversizeError(2048, 1024);
  assert.ok(known instanceof KubexClientError);
  assert.equal(known.code, "KUBEX_WS_MESSAGE_TOO_LARGE");
  assert.equal(known.message, "WebSocket: a message of 2048 bytes exceeds the limit of 1024 bytes (ClientOptions.wsMaxMessageSize; null removes the cap)");
  assert.equal(oversizeError(0, 10).message, "WebSocket: a message of more than the limit exceeds the limit of 10 bytes (ClientOptions.wsMaxMessageSize; null removes the cap)");
  assert.equal(oversizeError(1, 0).message, "WebSocket: a message of 1 bytes exceeds the limit of 0 bytes (ClientOptions.wsMaxMessageSize; null removes the cap)");
});

test("the text-frame error is a protocol error saying what the protocols send", () => {
  const error = textFrameError();
  assert.ok(error instanceof KubexProtocolError);
  assert.equal(error.message, "WebSocket: received a text frame; the Kubernetes channel protocols send binary frames only");
});

test("endFrames: a clean close ends the frames after those queued, any other close fails them with the abnormal-close error", async () => {
  const clean = new FrameQueue();
  clean.push(frame(1));
  endFrames(clean, "/p", 1005, undefined);
  const taken: Uint8Array[] = [];
  for await (const f of clean) taken.push(f);
  assert.deepEqual(taken, [frame(1)]);

  const lost = new FrameQueue();
  lost.push(frame(1));
  endFrames(lost, "/p", 1011, "boom");
  const it = lost[Symbol.asyncIterator]();
  assert.deepEqual((await it.next()).value, frame(1));
  await assert.rejects(it.next(), (e: Error) => isAbnormalClose(e) && e.message === "WebSocket /p: closed abnormally (code 1011: boom)");
});

test("with flow control, reading pauses when more than 64 frames wait and resumes at 16", async () => {
  const calls: string[] = [];
  const frames = new FrameQueue({ pause: () => calls.push("pause"), resume: () => calls.push("resume") });
  for (let i = 0; i < 64; i++) assert.equal(frames.push(frame(i)), true);
  assert.deepEqual(calls, []);
  assert.equal(frames.push(frame(64)), false);
  assert.deepEqual(calls, ["pause"]);
  const it = frames[Symbol.asyncIterator]();
  for (let i = 0; i < 48; i++) await it.next();
  assert.deepEqual(calls, ["pause"], "65 - 48 = 17 queued: still paused");
  await it.next();
  assert.deepEqual(calls, ["pause", "resume"], "16 queued: resumed");
});

test("without flow control, the queue has no bound", () => {
  const frames = new FrameQueue();
  for (let i = 0; i < 1000; i++) assert.equal(frames.push(frame(i)), true);
});

test("handshake bound: a connect of 0 is 0 ms, not the total", () => {
  assert.equal(handshakeTimeoutMs({ connect: 0, total: 5 }), 0);
  assert.equal(handshakeTimeoutMs({ connect: 1.5 }), 1_500);
  assert.equal(handshakeTimeoutMs({ connect: undefined, total: 3 }), 3_000);
});

test("handshake timer: undefined is the 30 s default, null none", (t) => {
  t.mock.timers.enable({ apis: ["setTimeout"] });
  const fired: KubexTimeoutError[] = [];
  startHandshakeTimer("/d", undefined, (e) => fired.push(e));
  startHandshakeTimer("/n", null, (e) => fired.push(e));
  t.mock.timers.tick(29_999);
  assert.equal(fired.length, 0);
  t.mock.timers.tick(1);
  assert.deepEqual(
    fired.map((e) => e.message),
    ["WebSocket /d: no handshake within 30000 ms"],
  );
  t.mock.timers.tick(1_000_000);
  assert.equal(fired.length, 1);
});

test("handshake timer: fires at its bound exactly, and cancel stops it", (t) => {
  t.mock.timers.enable({ apis: ["setTimeout"] });
  const fired: string[] = [];
  startHandshakeTimer("/a", 100, (e) => fired.push(e.message));
  const cancel = startHandshakeTimer("/b", 100, (e) => fired.push(e.message));
  t.mock.timers.tick(99);
  assert.deepEqual(fired, []);
  cancel();
  t.mock.timers.tick(1);
  assert.deepEqual(fired, ["WebSocket /a: no handshake within 100 ms"]);
});
