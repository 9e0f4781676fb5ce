// Bad arguments to exec, attach and port-forward are refused before any connection,
// with a KubexArgumentError naming the argument.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { KubexArgumentError } from "../../../runtime/index.js";
import { eventually, frame, startChannelServer, statusFrame } from "./support/channel-server.js";

const server = await startChannelServer();
after(() => server.close());
server.on("idle", () => undefined);
server.on("ok", (ws) => {
  ws.send(frame(1, "x"));
  ws.send(statusFrame({ status: "Success" }));
  ws.close();
});

const refused = (argument: string) => (e: Error) => e instanceof KubexArgumentError && e.argument === argument;
// Values a careless caller passes; the casts stand for untyped JavaScript callers.
const loose = <T>(value: unknown) => value as T;

test("exec: command must be a non-empty array of strings; booleans and the container are checked", async () => {
  const { pods, close } = await server.pods("undici");
  const before = server.upgrades();
  for (const command of ["ls", [], [1], ["ls", null], undefined]) {
    await assert.rejects(pods.exec.run("ok", { command: loose(command) }), refused("command"), JSON.stringify(command));
    await assert.rejects(pods.exec.stream("ok", { command: loose(command) }), refused("command"), JSON.stringify(command));
  }
  await assert.rejects(pods.exec.run("ok", loose(undefined)), refused("options"));
  await assert.rejects(pods.exec.stream("ok", { command: ["x"], tty: loose("yes") }), refused("tty"));
  await assert.rejects(pods.exec.stream("ok", { command: ["x"], stdin: loose(1) }), refused("stdin"));
  await assert.rejects(pods.exec.run("ok", { command: ["x"], stdin: loose(42) }), refused("stdin"));
  for (const container of ["", 3]) await assert.rejects(pods.exec.run("ok", { command: ["x"], container: loose(container) }), refused("container"));
  await assert.rejects(pods.exec.run("ok", { command: ["x"], signal: loose({ aborted: false }) }), refused("signal"));
  assert.equal(server.upgrades(), before, "nothing reached the server");
  assert.equal((await pods.exec.run("ok", { command: ["x"] })).stdout, "x");
  await close();
});

test("attach: booleans and the container are checked", async () => {
  const { pods, close } = await server.pods("undici");
  const before = server.upgrades();
  await assert.rejects(pods.attach.stream("ok", { tty: loose(1) }), refused("tty"));
  await assert.rejects(pods.attach.stream("ok", { container: loose("") }), refused("container"));
  await assert.rejects(pods.attach.stream("ok", loose("main")), refused("options"));
  assert.equal(server.upgrades(), before);
  await close();
});

test("resize: width and height are integers from 1 to 65535", async () => {
  const { pods, close } = await server.pods("undici");
  await using session = await pods.exec.stream("idle", { command: ["sh"], tty: true });
  for (const size of [{ width: 0, height: 10 }, { width: 10, height: 65536 }, { width: 1.5, height: 2 }, { width: Number.NaN, height: 2 }, { width: "80", height: 24 }, null]) {
    await assert.rejects(session.resize(loose(size)), (e: Error) => e instanceof KubexArgumentError && /^size/.test(e.argument), JSON.stringify(size));
  }
  await session.resize({ width: 65535, height: 1 });
  await eventually(() => server.received("idle").length > 0);
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(server.received("idle").map(String), [`\x04{"Width":65535,"Height":1}`], "only the valid resize was sent");
  await close();
});

test("stdin.write, pipe and a port's write take bytes (or text for stdin) and streams, nothing else", async () => {
  const { pods, close } = await server.pods("undici");
  await using session = await pods.exec.stream("idle", { command: ["sh"], stdin: true });
  for (const data of [42, null, undefined, [1, 2], { length: 1 }]) {
    await assert.rejects(session.stdin.write(loose(data)), refused("data"), JSON.stringify(data));
  }
  await assert.rejects(session.pipe(loose(null)), refused("io"));
  await assert.rejects(session.pipe({ stdin: loose("text") }), refused("io.stdin"));
  await assert.rejects(session.pipe({ stdout: loose({}) }), refused("io.stdout"));
  await assert.rejects(session.pipe({ stderr: loose(Readable.from([])) }), refused("io.stderr"));
  server.on("pf-idle", (ws, url) => {
    const port = Number(url.searchParams.get("ports"));
    ws.send(Buffer.of(0, port & 0xff, port >> 8));
  });
  await using forward = await pods.portforward.forward("pf-idle", { ports: [80] });
  await assert.rejects(forward.ports.get(80)!.write(loose("text")), refused("data"));
  await close();
});

test("port-forward: ports are integers 1..65535, not repeated, at most 128; portMap keys and local ports are checked", async () => {
  const { pods, close } = await server.pods("undici");
  const before = server.upgrades();
  for (const ports of [[], [0], [65536], [80.5], ["80"], [80, 80], Array.from({ length: 129 }, (_, i) => i + 1), undefined]) {
    await assert.rejects(pods.portforward.forward("ok", { ports: loose(ports) }), (e: Error) => e instanceof KubexArgumentError && /^ports/.test(e.argument), JSON.stringify(ports));
  }
  for (const portMap of [{}, { 0: 0 }, { 70000: 0 }, { 80: -1 }, { 80: 65536 }, { 80: "8080" }, { 80: 9000, 81: 9000 }, { x: 1 }, null]) {
    await assert.rejects(pods.portforward.listen("ok", { portMap: loose(portMap) }), (e: Error) => e instanceof KubexArgumentError && /^portMap/.test(e.argument), JSON.stringify(portMap));
  }
  await assert.rejects(pods.portforward.listen("ok", { portMap: { 80: 0 }, address: loose(7) }), refused("address"));
  await assert.rejects(pods.portforward.forward("ok", { ports: [80], signal: loose("stop") }), refused("signal"));
  assert.equal(server.upgrades(), before);
  await close();
});
