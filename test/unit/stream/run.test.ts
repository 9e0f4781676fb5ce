// exec.run's core over a scripted connection: stdin fed then half-closed, both outputs within one
// byte budget, text or bytes, and the total timeout; any failure closes the session.
import assert from "node:assert/strict";
import { test } from "node:test";
import { KubexClientError, KubexTimeoutError } from "../../../runtime/errors.js";
import { defaultMaxOutputBytes, runToExit, type RunPlan } from "../../../runtime/stream/run.js";
import { StreamSession } from "../../../runtime/stream/session.js";
import { fakeConnection, hex } from "./support/fake-connection.js";

const plan = (overrides: Partial<RunPlan> = {}): RunPlan => ({ what: "exec in web-0", stdin: undefined, encoding: "utf8", maxOutputBytes: null, total: undefined, ...overrides });
const success = JSON.stringify({ status: "Success" });

test("the default output cap is 64 MiB", () => assert.equal(defaultMaxOutputBytes, 64 * 1024 * 1024));

test("stdin is written, then half-closed, before the outputs are read", async () => {
  const connection = fakeConnection();
  const session = new StreamSession(connection);
  connection.push(1, "out");
  connection.push(2, "err");
  connection.push(3, success);
  connection.end();
  const result = await runToExit(session, plan({ stdin: "in" }));
  assert.deepEqual(connection.sent.map(hex), ["00696e", "ff00"]);
  assert.deepEqual(result, { stdout: "out", stderr: "err", exitCode: 0, status: { status: "Success" } });
});

test("no stdin: nothing is sent, not even the close signal", async () => {
  const connection = fakeConnection();
  const session = new StreamSession(connection);
  connection.end();
  const result = await runToExit(session, plan());
  assert.deepEqual(connection.sent, []);
  assert.deepEqual(result, { stdout: "", stderr: "", exitCode: null, status: undefined });
});

test("an empty stdin is still written and closed", async () => {
  const connection = fakeConnection();
  const session = new StreamSession(connection);
  connection.end();
  await runToExit(session, plan({ stdin: "" }));
  assert.deepEqual(connection.sent.map(hex), ["00", "ff00"]);
});

test("encoding buffer gives the outputs as bytes", async () => {
  const connection = fakeConnection();
  const session = new StreamSession(connection);
  connection.push(1, Uint8Array.of(0xff, 0x00));
  connection.end();
  const result = await runToExit(session, plan({ encoding: "buffer" }));
  assert.ok(result.stdout instanceof Uint8Array);
  assert.deepEqual([...(result.stdout as Uint8Array)], [0xff, 0x00]);
  assert.deepEqual([...(result.stderr as Uint8Array)], []);
});

test("the cap counts stdout and stderr together; exactly the cap is allowed", async () => {
  const connection = fakeConnection();
  const session = new StreamSession(connection);
  connection.push(1, "abc");
  connection.push(2, "de");
  connection.end();
  const result = await runToExit(session, plan({ maxOutputBytes: 5 }));
  assert.deepEqual([result.stdout, result.stderr], ["abc", "de"]);
});

test("one byte over the cap fails with KUBEX_OUTPUT_TOO_LARGE naming the option, and closes the session", async () => {
  const connection = fakeConnection();
  const session = new StreamSession(connection);
  connection.push(1, "abc");
  connection.push(2, "def");
  await assert.rejects(
    runToExit(session, plan({ maxOutputBytes: 5 })),
    (e: Error) =>
      e instanceof KubexClientError && e.code === "KUBEX_OUTPUT_TOO_LARGE" && e.message === "exec: the output exceeds 5 bytes (ExecRunOptions.maxOutputBytes; null lifts the cap)",
  );
  await new Promise((r) => setTimeout(r, 10));
  assert.ok(connection.closes.length > 0, "the session was closed");
});

test("a cap of 0 refuses any output; null lifts the cap", async () => {
  const capped = fakeConnection();
  capped.push(1, "x");
  capped.end();
  await assert.rejects(runToExit(new StreamSession(capped), plan({ maxOutputBytes: 0 })), /exceeds 0 bytes/);
  const open = fakeConnection();
  open.push(1, new Uint8Array(100_000));
  open.end();
  assert.equal(((await runToExit(new StreamSession(open), plan({ maxOutputBytes: null, encoding: "buffer" }))).stdout as Uint8Array).length, 100_000);
});

test("no exit within the total is a KubexTimeoutError naming the call and the seconds, and closes the session", async (t) => {
  t.mock.timers.enable({ apis: ["setTimeout"] });
  const connection = fakeConnection();
  const session = new StreamSession(connection);
  let settled = false;
  const running = runToExit(session, plan({ total: 0.05 }));
  running.then(() => (settled = true), () => (settled = true));
  const turn = () => new Promise((r) => setImmediate(r));
  t.mock.timers.tick(49);
  await turn();
  assert.equal(settled, false, "the total is in seconds: 0.05 s is 50 ms");
  t.mock.timers.tick(1);
  await assert.rejects(running, (e: Error) => e instanceof KubexTimeoutError && e.message === "exec in web-0: no exit within 0.05s");
  assert.deepEqual(connection.closes.slice(0, 1), [undefined]);
});

test("an exit within the total resolves and clears the timer", async () => {
  const connection = fakeConnection();
  const session = new StreamSession(connection);
  connection.push(3, success);
  connection.end();
  const timers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
  const before = timers();
  const result = await runToExit(session, plan({ total: 30 }));
  assert.equal(result.exitCode, 0);
  assert.equal(timers(), before, "no timer left behind");
});

for (const total of [0, null, undefined]) {
  test(`a total of ${total} means no total`, async () => {
    const connection = fakeConnection();
    const session = new StreamSession(connection);
    const running = runToExit(session, plan({ total }));
    const early = await Promise.race([running.then(() => "ended"), new Promise((r) => setTimeout(() => r("running"), 30))]);
    assert.equal(early, "running");
    connection.end();
    assert.equal((await running).exitCode, null);
  });
}

test("a session failure closes the session and rejects with its error", async () => {
  const connection = fakeConnection();
  const session = new StreamSession(connection);
  connection.push(9);
  await assert.rejects(runToExit(session, plan()), /unknown channel 9/);
});
