// The small pieces under exec, attach and port-forward, rule by rule: the exit code read from a
// Status, the abort error and its listener, the handshake's arguments and abort, and a port as
// a Node Duplex (errors both ways, destroy).
import assert from "node:assert/strict";
import { test } from "node:test";
import { KubexClientError } from "../../../runtime/errors.js";
import type { Status } from "../../../runtime/errors.js";
import { exitCodeOf } from "../../../runtime/stream/exit-status.js";
import { abortedError, onAbort, throwIfAborted } from "../../../runtime/stream/abort.js";
import { connect } from "../../../runtime/stream/connect.js";
import { portStreamDuplex } from "../../../runtime/stream/duplex.js";
import type { PortStream } from "../../../runtime/stream/portforward.js";
import type { ResourceContext } from "../../../runtime/resource/context.js";
import { fakeConnection } from "./support/fake-connection.js";

const status = (fields: Record<string, unknown>) => fields as unknown as Status;
const nonZero = (causes: unknown) => status({ status: "Failure", reason: "NonZeroExitCode", details: { causes } });

test("exitCodeOf: Success is 0, no Status is null", () => {
  assert.equal(exitCodeOf(undefined), null);
  assert.equal(exitCodeOf(status({ status: "Success" })), 0);
  assert.equal(exitCodeOf(status({ status: "Success", message: "exit status 3" })), 0);
  assert.equal(exitCodeOf(status({ status: "Failure" })), null);
});

test("exitCodeOf: NonZeroExitCode takes the digits of its ExitCode cause, and nothing else", () => {
  assert.equal(exitCodeOf(nonZero([{ reason: "ExitCode", message: "3" }])), 3);
  assert.equal(exitCodeOf(nonZero([null, { reason: "Other", message: "9" }, { reason: "ExitCode", message: "42" }])), 42);
  for (const causes of [undefined, "ExitCode", { reason: "ExitCode", message: "3" }, [], [{ reason: "Other", message: "3" }]]) {
    assert.equal(exitCodeOf(nonZero(causes)), null, JSON.stringify(causes));
  }
  for (const message of ["", "3a", "a3", " 3", "7 ", "1e3", "0x10", "-1", "1.5", 3, null, undefined, "99999999999999999999"]) {
    assert.equal(exitCodeOf(nonZero([{ reason: "ExitCode", message }])), null, JSON.stringify(message));
  }
  assert.equal(exitCodeOf(status({ status: "Failure", reason: "NonZeroExitCode", message: "exit status 5" })), null, "its message is not read");
  assert.equal(exitCodeOf(status({ status: "Failure", reason: "NonZeroExitCode" })), null);
});

test("exitCodeOf: another failure gives the code at the end of its message, `exit status N`", () => {
  const failure = (message: unknown) => exitCodeOf(status({ status: "Failure", reason: "InternalError", message }));
  assert.equal(failure("error executing command [sh -c exit 7], exit status 7"), 7);
  assert.equal(failure("exit status 12 \n"), 12);
  assert.equal(failure("exit status 0"), 0);
  for (const message of ["exit status 7x", "exit status 7 then more", "exit status ", "exit status -1", "exit  status 7", "exit status 99999999999999999999", 7, undefined, ["exit status 5"]]) {
    assert.equal(failure(message), null, JSON.stringify(message));
  }
});

test("abortedError names the call, has code KUBEX_ABORTED and the signal's reason as cause", () => {
  const controller = new AbortController();
  const reason = new Error("user pressed ^C");
  controller.abort(reason);
  const error = abortedError("exec in web-0", controller.signal);
  assert.ok(error instanceof KubexClientError);
  assert.equal(error.message, "exec in web-0: aborted");
  assert.equal(error.code, "KUBEX_ABORTED");
  assert.equal(error.cause, reason);
  throwIfAborted("x", undefined);
  throwIfAborted("x", new AbortController().signal);
  assert.throws(() => throwIfAborted("attach in p", controller.signal), (e: Error) => e instanceof KubexClientError && e.message === "attach in p: aborted" && e.cause === reason);
});

test("onAbort runs once when the signal aborts; what it returns removes the listener; no signal, nothing to remove", () => {
  let calls = 0;
  const controller = new AbortController();
  onAbort(controller.signal, () => calls++);
  controller.abort();
  controller.signal.dispatchEvent(new Event("abort"));
  assert.equal(calls, 1);
  const other = new AbortController();
  const forget = onAbort(other.signal, () => calls++);
  forget();
  other.abort();
  assert.equal(calls, 1);
  const none = onAbort(undefined, () => calls++);
  assert.equal(none(), undefined);
  assert.equal(calls, 1);
});

interface Sent { path: string; query: unknown; protocols: readonly string[]; timeout?: unknown; signal?: AbortSignal }

function target(handshake: (request: Sent) => Promise<unknown> = async () => fakeConnection()) {
  const sent: Sent[] = [];
  const context = {
    objectPath: (name: string, namespace: string | undefined, subresource: string) => `/ns/${namespace}/pods/${name}/${subresource}`,
    client: {
      connectWebSocket: (request: Sent) => {
        sent.push(request);
        return handshake(request);
      },
    },
  } as unknown as ResourceContext;
  return { sent, target: { context, name: "web-0", namespace: "ns", subresource: "exec" as const } };
}

test("connect opens the subresource's path with the query and protocols, passing requestTimeout and signal only when given", async () => {
  const { sent, target: t } = target();
  const signal = new AbortController().signal;
  await connect(t, [["command", "ls"]], ["v5.channel.k8s.io"], { requestTimeout: 0, signal });
  await connect({ ...t, namespace: undefined, subresource: "attach" }, [], ["v4.channel.k8s.io"], {});
  assert.deepEqual(sent[0], { path: "/ns/ns/pods/web-0/exec", query: [["command", "ls"]], protocols: ["v5.channel.k8s.io"], timeout: 0, signal });
  assert.deepEqual(sent[1], { path: "/ns/undefined/pods/web-0/attach", query: [], protocols: ["v4.channel.k8s.io"] });
});

test("connect: an aborted signal is refused before the handshake; an abort during it is KUBEX_ABORTED; other failures pass as they are", async () => {
  const controller = new AbortController();
  controller.abort("stop");
  const early = target();
  await assert.rejects(connect(early.target, [], [], { signal: controller.signal }), (e: Error) => e instanceof KubexClientError && e.message === "exec in web-0: aborted" && e.cause === "stop");
  assert.equal(early.sent.length, 0);

  const during = new AbortController();
  const late = target(async () => {
    during.abort("later");
    throw new Error("socket closed");
  });
  await assert.rejects(connect({ ...late.target, subresource: "portforward" }, [], [], { signal: during.signal }), (e: Error) => e instanceof KubexClientError && e.code === "KUBEX_ABORTED" && e.message === "portforward in web-0: aborted" && e.cause === "later");

  const refused = new Error("403");
  const failing = target(async () => {
    throw refused;
  });
  await assert.rejects(connect(failing.target, [], [], { signal: new AbortController().signal }), (e) => e === refused);
  await assert.rejects(connect(failing.target, [], [], {}), (e) => e === refused);
});

function port(data: AsyncIterable<Uint8Array>, write: PortStream["write"] = async () => undefined): PortStream {
  return { port: 80, write, data, errors: (async function* () {})() };
}

test("a port Duplex: a failed write is the Duplex's error; a failed read destroys it with the read's error", async () => {
  const writeError = new Error("send failed");
  const writing = portStreamDuplex(port((async function* () {})(), async () => {
    throw writeError;
  }));
  const failedWrite = new Promise((resolve) => writing.once("error", resolve));
  writing.write(Buffer.from("x"));
  assert.equal(await failedWrite, writeError);

  const readError = new Error("lost");
  const reading = portStreamDuplex(port((async function* () {
    yield Uint8Array.of(1);
    throw readError;
  })()));
  await assert.rejects(async () => {
    for await (const _ of reading) void _;
  }, (e) => e === readError);
});

test("a port Duplex: end() finishes the writable side; destroy stops reading the session and passes its error", async () => {
  const written: number[] = [];
  const ending = portStreamDuplex(port((async function* () {})(), async (bytes) => void written.push(...bytes)));
  const finished = new Promise((resolve) => ending.once("finish", resolve));
  ending.end(Buffer.from([5, 6]));
  await finished;
  assert.deepEqual(written, [5, 6]);

  let pulled = 0;
  let stopped = false;
  const endless = portStreamDuplex(port((async function* () {
    try {
      for (;;) {
        pulled++;
        yield Uint8Array.of(1);
        await new Promise((r) => setTimeout(r, 1));
      }
    } finally {
      stopped = true;
    }
  })()));
  endless.resume();
  await new Promise((r) => setTimeout(r, 20));
  const error = new Error("gone");
  const destroyed = new Promise((resolve) => endless.once("error", resolve));
  endless.destroy(error);
  assert.equal(await destroyed, error);
  await new Promise((r) => setTimeout(r, 20));
  assert.ok(stopped, "the session's data is no longer read");
  const after = pulled;
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(pulled, after);
});
