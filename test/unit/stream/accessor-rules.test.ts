// exec, attach and portforward as the Api hands them out, over scripted connections: the query
// each asks for (command, container, which streams), the protocols, the checks made before any
// connection, and what exec.run passes on (encoding, output cap, total timeout, signal).
import assert from "node:assert/strict";
import { test } from "node:test";
import { KubexArgumentError, KubexClientError, KubexTimeoutError } from "../../../runtime/errors.js";
import { AttachAccessor, ExecAccessor, PortForwardAccessor } from "../../../runtime/stream/accessors.js";
import type { ResourceContext } from "../../../runtime/resource/context.js";
import { fakeConnection, readText, type FakeConnection } from "./support/fake-connection.js";

interface Opened {
  readonly request: { path: string; query: [string, string][]; protocols: readonly string[]; timeout?: unknown; signal?: AbortSignal };
  readonly connection: FakeConnection;
}

/** A context whose client hands out scripted connections; `script` plays the server on each. */
function context(script: (connection: FakeConnection, request: Opened["request"]) => void = () => undefined) {
  const opened: Opened[] = [];
  const ctx = {
    objectPath: (name: string, namespace: string | undefined, subresource: string) => `/api/v1/namespaces/${namespace ?? "default"}/pods/${name}/${subresource}`,
    client: {
      async connectWebSocket(request: Opened["request"]) {
        const connection = fakeConnection(request.protocols.includes("v5.channel.k8s.io") ? "v5.channel.k8s.io" : "v4.channel.k8s.io");
        opened.push({ request, connection });
        script(connection, request);
        return connection;
      },
    },
  } as unknown as ResourceContext;
  return { ctx, opened };
}

/** The server writes `out` and `err`, reports Success and closes. */
const answer = (out = "", err = "") => (connection: FakeConnection) => {
  if (out) connection.push(1, out);
  if (err) connection.push(2, err);
  connection.push(3, JSON.stringify({ status: "Success" }));
  connection.end();
};

const refused = (argument: string, message?: string) => (e: Error) =>
  e instanceof KubexArgumentError && e.argument === argument && (message === undefined || e.message === `${argument}: ${message}`);
const loose = <T>(value: unknown) => value as T;
const allOff = "stdin, stdout and stderr cannot all be off; the server needs at least one stream";

test("exec.stream asks for exec with each command part, the container and stdin, stdout, stderr, tty in that order, v5 then v4", async () => {
  const { ctx, opened } = context(answer());
  const session = await new ExecAccessor(ctx).stream("web-0", { command: ["sh", "-c", "ls"], container: "app", stdin: true, tty: true, namespace: "ns" });
  const { request } = opened[0]!;
  assert.equal(request.path, "/api/v1/namespaces/ns/pods/web-0/exec");
  assert.deepEqual(request.query, [["command", "sh"], ["command", "-c"], ["command", "ls"], ["container", "app"], ["stdin", "true"], ["stdout", "true"], ["tty", "true"]]);
  assert.deepEqual([...request.protocols], ["v5.channel.k8s.io", "v4.channel.k8s.io"]);
  assert.equal("timeout" in request, false);
  assert.equal("signal" in request, false);
  await session.close();
});

test("exec.stream by default asks for stdout and stderr only; each can be switched off", async () => {
  const { ctx, opened } = context(answer());
  const exec = new ExecAccessor(ctx);
  await (await exec.stream("web-0", { command: ["ls"] })).close();
  await (await exec.stream("web-0", { command: ["ls"], stdout: false })).close();
  await (await exec.stream("web-0", { command: ["ls"], stderr: false })).close();
  await (await exec.stream("web-0", { command: ["ls"], stdin: false, tty: false, stdout: true, stderr: true })).close();
  assert.deepEqual(opened.map((o) => o.request.query.slice(1)), [
    [["stdout", "true"], ["stderr", "true"]],
    [["stderr", "true"]],
    [["stdout", "true"]],
    [["stdout", "true"], ["stderr", "true"]],
  ]);
});

test("a switched-off output ends at once, whatever the server sends on it; a tty has no stderr", async () => {
  const { ctx } = context(answer("out", "err"));
  const exec = new ExecAccessor(ctx);
  const noStdout = await exec.stream("web-0", { command: ["ls"], stdout: false });
  assert.equal(await readText(noStdout.stdout), "");
  assert.equal(await readText(noStdout.stderr), "err");
  const tty = await exec.stream("web-0", { command: ["ls"], tty: true });
  assert.equal(await readText(tty.stderr), "");
  assert.equal(await readText(tty.stdout), "out");
  const both = await exec.stream("web-0", { command: ["ls"] });
  assert.deepEqual([await readText(both.stdout), await readText(both.stderr)], ["out", "err"]);
});

test("exec.stream passes requestTimeout and signal to the handshake, and the signal to the session", async () => {
  const { ctx, opened } = context();
  const controller = new AbortController();
  const session = await new ExecAccessor(ctx).stream("web-0", { command: ["sh"], requestTimeout: 7, signal: controller.signal });
  assert.equal(opened[0]!.request.timeout, 7);
  assert.equal(opened[0]!.request.signal, controller.signal);
  controller.abort(new Error("stop"));
  await assert.rejects(readText(session.stdout), (e: Error) => e instanceof KubexClientError && e.code === "KUBEX_ABORTED");
});

test("exec refuses all streams off, before connecting: no stdin, no stdout, and no stderr or a tty", async () => {
  const { ctx, opened } = context(answer());
  const exec = new ExecAccessor(ctx);
  await assert.rejects(exec.stream("web-0", { command: ["ls"], stdout: false, stderr: false }), refused("stdout", allOff));
  await assert.rejects(exec.stream("web-0", { command: ["ls"], stdout: false, tty: true }), refused("stdout", allOff));
  await assert.rejects(exec.stream("web-0", { command: ["ls"], stdin: false, stdout: false, stderr: false }), refused("stdout", allOff));
  await assert.rejects(exec.run("web-0", { command: ["ls"], stdout: false, stderr: false }), refused("stdout", allOff));
  await assert.rejects(new AttachAccessor(ctx).stream("web-0", { stdout: false, tty: true }), refused("stdout", allOff));
  assert.equal(opened.length, 0);
});

test("one stream is enough: stdin alone, stderr alone, or stdin bytes for run", async () => {
  const { ctx, opened } = context(answer());
  const exec = new ExecAccessor(ctx);
  await (await exec.stream("web-0", { command: ["cat"], stdin: true, stdout: false, stderr: false })).close();
  await (await exec.stream("web-0", { command: ["cat"], stdout: false, tty: false })).close();
  await (await exec.stream("web-0", { command: ["cat"], stdin: true, stdout: false, tty: true })).close();
  assert.equal((await exec.run("web-0", { command: ["cat"], stdin: "", stdout: false, stderr: false })).exitCode, 0);
  assert.deepEqual(opened.map((o) => o.request.query.slice(1)), [[["stdin", "true"]], [["stderr", "true"]], [["stdin", "true"], ["tty", "true"]], [["stdin", "true"]]]);
});

test("exec checks its options, command, container, signal and booleans before connecting", async () => {
  const { ctx, opened } = context(answer());
  const exec = new ExecAccessor(ctx);
  for (const options of [undefined, null, "ls", ["ls"]]) {
    await assert.rejects(exec.stream("web-0", loose(options)), refused("options", "must be an options object"));
    await assert.rejects(exec.run("web-0", loose(options)), refused("options", "must be an options object"));
  }
  await assert.rejects(exec.stream("web-0", { command: loose([]) }), refused("command"));
  await assert.rejects(exec.run("web-0", { command: loose("ls") }), refused("command"));
  await assert.rejects(exec.stream("web-0", { command: ["ls"], container: "" }), refused("container"));
  await assert.rejects(exec.stream("web-0", { command: ["ls"], signal: loose({}) }), refused("signal"));
  await assert.rejects(exec.stream("web-0", { command: ["ls"], stdin: loose("yes") }), refused("stdin", "must be true or false"));
  await assert.rejects(exec.run("web-0", { command: ["ls"], stdin: loose(true) }), refused("stdin"));
  for (const name of ["tty", "stdout", "stderr"]) {
    await assert.rejects(exec.stream("web-0", { command: ["ls"], [name]: 1 }), refused(name, "must be true or false"), name);
    await assert.rejects(exec.run("web-0", { command: ["ls"], [name]: "no" }), refused(name, "must be true or false"), name);
  }
  assert.equal(opened.length, 0);
});

test("exec.run asks for stdin only when it has stdin to send (an empty string too)", async () => {
  const { ctx, opened } = context(answer());
  const exec = new ExecAccessor(ctx);
  await exec.run("web-0", { command: ["ls"] });
  await exec.run("web-0", { command: ["cat"], stdin: "" });
  await exec.run("web-0", { command: ["cat"], stdin: Uint8Array.of(1), container: "app" });
  assert.deepEqual(opened.map((o) => o.request.query.slice(1)), [
    [["stdout", "true"], ["stderr", "true"]],
    [["stdin", "true"], ["stdout", "true"], ["stderr", "true"]],
    [["container", "app"], ["stdin", "true"], ["stdout", "true"], ["stderr", "true"]],
  ]);
  assert.deepEqual([...opened[2]!.connection.sent[0]!], [0, 1], "stdin bytes on channel 0");
  assert.deepEqual(opened.map((o) => o.request.path), Array(3).fill("/api/v1/namespaces/default/pods/web-0/exec"));
});

test("exec.run returns text by default, bytes with encoding: buffer, and refuses another encoding", async () => {
  const { ctx, opened } = context(answer("hé", "e"));
  const exec = new ExecAccessor(ctx);
  assert.deepEqual(await exec.run("web-0", { command: ["ls"] }), { stdout: "hé", stderr: "e", exitCode: 0, status: { status: "Success" } });
  assert.deepEqual(await exec.run("web-0", { command: ["ls"], encoding: "utf8" }), { stdout: "hé", stderr: "e", exitCode: 0, status: { status: "Success" } });
  const bytes = await exec.run("web-0", { command: ["ls"], encoding: "buffer" });
  assert.ok(bytes.stdout instanceof Uint8Array);
  assert.deepEqual([...bytes.stdout], [...new TextEncoder().encode("hé")]);
  const before = opened.length;
  for (const encoding of ["latin1", "", null]) {
    await assert.rejects(exec.run("web-0", { command: ["ls"], encoding: loose(encoding) }), refused("encoding", 'must be "utf8" or "buffer"'), String(encoding));
  }
  assert.equal(opened.length, before);
});

test("exec.run caps the output at maxOutputBytes, an integer from 0; null lifts the cap", async () => {
  const { ctx, opened } = context(answer("abcd"));
  const exec = new ExecAccessor(ctx);
  await assert.rejects(exec.run("web-0", { command: ["ls"], maxOutputBytes: 3 }), (e: Error) => e instanceof KubexClientError && e.code === "KUBEX_OUTPUT_TOO_LARGE");
  assert.equal((await exec.run("web-0", { command: ["ls"], maxOutputBytes: 4 })).stdout, "abcd");
  assert.equal((await exec.run("web-0", { command: ["ls"], maxOutputBytes: null })).stdout, "abcd");
  const before = opened.length;
  for (const cap of [-1, 1.5, "4", Number.MAX_SAFE_INTEGER + 2]) {
    await assert.rejects(exec.run("web-0", { command: ["ls"], maxOutputBytes: loose(cap) }), refused("maxOutputBytes", `must be an integer from 0 to ${Number.MAX_SAFE_INTEGER}`), String(cap));
  }
  assert.equal(opened.length, before);
  await assert.rejects(exec.run("web-0", { command: ["ls"], maxOutputBytes: 0 }), (e: Error) => e instanceof KubexClientError && e.code === "KUBEX_OUTPUT_TOO_LARGE");
});

test("exec.run's default cap is 64 MiB of both outputs", async () => {
  const mib = new Uint8Array(1024 * 1024);
  const { ctx } = context((connection) => {
    for (let i = 0; i < 64; i++) connection.push(1, mib);
    connection.push(2, Uint8Array.of(1));
    connection.push(3, JSON.stringify({ status: "Success" }));
    connection.end();
  });
  await assert.rejects(new ExecAccessor(ctx).run("web-0", { command: ["cat"], encoding: "buffer" }), (e: Error) => e instanceof KubexClientError && e.code === "KUBEX_OUTPUT_TOO_LARGE");
});

test("exec.run bounds the whole call by requestTimeout (seconds, or its total), naming the call", async () => {
  const { ctx, opened } = context();
  const exec = new ExecAccessor(ctx);
  const timedOut = (e: Error) => e instanceof KubexTimeoutError && e.message === "exec in web-0: no exit within 0.05s";
  await assert.rejects(exec.run("web-0", { command: ["sleep"], requestTimeout: 0.05 }), timedOut);
  await assert.rejects(exec.run("web-0", { command: ["sleep"], requestTimeout: { total: 0.05 } }), timedOut);
  assert.equal(opened[0]!.request.timeout, 0.05);
  assert.deepEqual(opened[1]!.request.timeout, { total: 0.05 });
});

test("exec.run with a total in an object, or no total, waits for the exit", async () => {
  const { ctx } = context((connection) => setTimeout(answer("late"), 20, connection));
  const exec = new ExecAccessor(ctx);
  assert.equal((await exec.run("web-0", { command: ["ls"], requestTimeout: { total: 5 } })).stdout, "late");
  assert.equal((await exec.run("web-0", { command: ["ls"], requestTimeout: { connect: 5 } })).stdout, "late");
  assert.equal((await exec.run("web-0", { command: ["ls"] })).stdout, "late");
});

test("exec.run passes its signal on: aborting ends the call with KUBEX_ABORTED", async () => {
  const { ctx, opened } = context();
  const controller = new AbortController();
  const running = new ExecAccessor(ctx).run("web-0", { command: ["sleep"], signal: controller.signal });
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(opened[0]!.request.signal, controller.signal);
  controller.abort();
  await assert.rejects(running, (e: Error) => e instanceof KubexClientError && e.code === "KUBEX_ABORTED");
});

test("attach.stream asks for attach with the streams asked for, no command, and takes no options at all", async () => {
  const { ctx, opened } = context(answer());
  const attach = new AttachAccessor(ctx);
  await (await attach.stream("web-0")).close();
  await (await attach.stream("web-0", { container: "app", stdin: true, tty: true, namespace: "ns", requestTimeout: 3 })).close();
  assert.equal(opened[0]!.request.path, "/api/v1/namespaces/default/pods/web-0/attach");
  assert.deepEqual(opened[0]!.request.query, [["stdout", "true"], ["stderr", "true"]]);
  assert.equal(opened[1]!.request.path, "/api/v1/namespaces/ns/pods/web-0/attach");
  assert.deepEqual(opened[1]!.request.query, [["container", "app"], ["stdin", "true"], ["stdout", "true"], ["tty", "true"]]);
  assert.equal(opened[1]!.request.timeout, 3);
  assert.deepEqual([...opened[0]!.request.protocols], ["v5.channel.k8s.io", "v4.channel.k8s.io"]);
  await assert.rejects(attach.stream("web-0", loose(null)), refused("options", "must be an options object"));
  await assert.rejects(attach.stream("web-0", { stdin: loose("yes") }), refused("stdin", "must be true or false"));
  assert.equal(opened.length, 2);
});

test("attach's tty merges stderr into stdout: stderr ends at once", async () => {
  const { ctx } = context(answer("out", "err"));
  const session = await new AttachAccessor(ctx).stream("web-0", { tty: true, stdin: true });
  assert.equal(await readText(session.stderr), "");
  assert.equal(await readText(session.stdout), "out");
});

test("portforward.forward asks for the pod's portforward in the namespace given, with each port", async () => {
  const { ctx, opened } = context();
  const accessor = new PortForwardAccessor(ctx);
  const session = await accessor.forward("db-0", { ports: [5432, 9187], namespace: "ns", requestTimeout: 4 });
  assert.equal(opened[0]!.request.path, "/api/v1/namespaces/ns/pods/db-0/portforward");
  assert.deepEqual(opened[0]!.request.query, [["ports", "5432"], ["ports", "9187"]]);
  assert.deepEqual([...opened[0]!.request.protocols], ["v4.channel.k8s.io"]);
  assert.equal(opened[0]!.request.timeout, 4);
  assert.deepEqual([...session.ports.keys()], [5432, 9187]);
  await session.close();
  for (const options of [undefined, null, [5432]]) {
    await assert.rejects(accessor.forward("db-0", loose(options)), refused("options", "must be an options object"));
    await assert.rejects(accessor.listen("db-0", loose(options)), refused("options", "must be an options object"));
  }
  assert.equal(opened.length, 1);
});

test("portforward.listen binds a local port per remote one and forwards each connection in the namespace given", async () => {
  const { connect: connectTcp } = await import("node:net");
  const { ctx, opened } = context();
  const listener = await new PortForwardAccessor(ctx).listen("db-0", { portMap: { 5432: 0 }, namespace: "ns", address: "127.0.0.1" });
  try {
    const port = listener.ports[5432]!;
    assert.ok(port > 0);
    const socket = connectTcp(port, "127.0.0.1");
    await new Promise((r) => socket.once("connect", r));
    for (let i = 0; i < 200 && opened.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    assert.equal(opened[0]!.request.path, "/api/v1/namespaces/ns/pods/db-0/portforward");
    assert.deepEqual(opened[0]!.request.query, [["ports", "5432"]]);
    socket.destroy();
  } finally {
    await listener.close();
  }
});
