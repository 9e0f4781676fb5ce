// The caller's signal ends exec and port-forward mid-stream with a KUBEX_ABORTED error.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { connect } from "node:net";
import { KubexClientError, type Backend } from "../../../runtime/index.js";
import { frame, portForwarding, startChannelServer } from "./support/channel-server.js";

const server = await startChannelServer();
after(() => server.close());

// Sends one chunk, then keeps the session open without an exit status.
let started: () => void = () => undefined;
server.on("running", (ws) => {
  ws.send(frame(1, "started"));
  started();
});
server.on("echo", portForwarding((ws, data) => ws.send(frame(0, data))));

const aborted = (e: Error) => e instanceof KubexClientError && e.code === "KUBEX_ABORTED" && /aborted/.test(e.message);
const within = <T>(promise: Promise<T>, ms = 3_000) =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`not settled within ${ms} ms`)), ms))]);

for (const backend of ["undici", "fetch"] as Backend[]) {
  test(`${backend}: aborting mid-exec rejects run with KUBEX_ABORTED`, async () => {
    const { pods, close } = await server.pods(backend);
    const controller = new AbortController();
    started = () => setTimeout(() => controller.abort(), 20);
    const run = pods.exec.run("running", { command: ["sleep", "1000"], signal: controller.signal });
    await assert.rejects(within(run), aborted);
    started = () => undefined;
    await close();
  });

  test(`${backend}: aborting during the handshake rejects with KUBEX_ABORTED`, async () => {
    const { pods, close } = await server.pods(backend);
    server.hang("never");
    const controller = new AbortController();
    const run = pods.exec.run("never", { command: ["x"], signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await assert.rejects(within(run), aborted);
    const forward = pods.portforward.forward("never", { ports: [1], signal: controller.signal });
    await assert.rejects(within(forward), aborted);
    await close();
  });

  test(`${backend}: aborting a stream session fails its output and status with KUBEX_ABORTED; an aborted signal never connects`, async () => {
    const { pods, close } = await server.pods(backend);
    const controller = new AbortController();
    const session = await pods.exec.stream("running", { command: ["sh"], signal: controller.signal });
    const out = session.stdout[Symbol.asyncIterator]();
    assert.equal(new TextDecoder().decode((await out.next()).value), "started");
    controller.abort();
    await assert.rejects(within(out.next()), aborted);
    await assert.rejects(within(session.waitForStatus()), aborted);
    const before = server.upgrades();
    await assert.rejects(pods.exec.run("running", { command: ["x"], signal: controller.signal }), aborted);
    assert.equal(server.upgrades(), before);
    await close();
  });

  test(`${backend}: aborting mid port-forward fails its data and closed with KUBEX_ABORTED`, async () => {
    const { pods, close } = await server.pods(backend);
    const controller = new AbortController();
    const session = await pods.portforward.forward("echo", { ports: [80], signal: controller.signal });
    const port = session.ports.get(80)!;
    await port.write(Uint8Array.of(1, 2));
    const data = port.data[Symbol.asyncIterator]();
    assert.deepEqual([...(await data.next()).value!], [1, 2]);
    controller.abort();
    await assert.rejects(within(data.next()), aborted);
    await assert.rejects(within(session.closed), aborted);
    await close();
  });

  test(`${backend}: aborting listen's signal closes the listener`, async () => {
    const { pods, close } = await server.pods(backend);
    const controller = new AbortController();
    const listener = await pods.portforward.listen("echo", { portMap: { 80: 0 }, signal: controller.signal });
    controller.abort();
    await new Promise((r) => setTimeout(r, 50));
    await assert.rejects(
      new Promise((resolve, reject) => {
        const socket = connect(listener.ports[80]!, "127.0.0.1", () => resolve(socket.destroy()));
        socket.once("error", reject);
      }),
      /ECONNREFUSED/,
    );
    await close();
  });
}
