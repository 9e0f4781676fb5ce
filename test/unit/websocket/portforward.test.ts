// Port-forward options and listener behaviour against an in-process server.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { connect, type Socket } from "node:net";
import { KubexClientError, type Backend } from "../../../runtime/index.js";
import { frame, portForwarding, startChannelServer } from "./support/channel-server.js";

const server = await startChannelServer();
after(() => server.close());

// Echoes; the payload "die" drops this connection only (transport lost).
server.on("echo", portForwarding((ws, data) => (data.toString() === "die" ? ws.terminate() : ws.send(frame(0, data)))));
server.hang("silent");

function open(port: number, host = "127.0.0.1"): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, host, () => resolve(socket));
    socket.once("error", reject);
  });
}

function exchange(socket: Socket, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    socket.once("data", (d: Buffer) => resolve(d.toString()));
    socket.once("error", reject);
    socket.write(text);
  });
}

const ended = (socket: Socket) => new Promise<void>((resolve) => (socket.destroyed ? resolve() : socket.once("close", () => resolve())));

for (const backend of ["undici", "fetch"] as Backend[]) {
  test(`${backend}: forward honours requestTimeout for the handshake`, async () => {
    const { pods, close } = await server.pods(backend);
    const started = Date.now();
    await assert.rejects(
      Promise.race([pods.portforward.forward("silent", { ports: [80], requestTimeout: 0.3 }), new Promise((_, reject) => setTimeout(() => reject(new Error("still waiting")), 3_000))]),
      KubexClientError,
    );
    assert.ok(Date.now() - started < 2_500);
    await close();
  });

  test(`${backend}: listen binds the address asked for, 127.0.0.1 by default`, async () => {
    const { pods, close } = await server.pods(backend);
    await using other = await pods.portforward.listen("echo", { portMap: { 80: 0 }, address: "127.0.0.2" });
    const socket = await open(other.ports[80]!, "127.0.0.2");
    assert.equal(await exchange(socket, "a"), "a");
    socket.destroy();
    await assert.rejects(open(other.ports[80]!, "127.0.0.1"), /ECONNREFUSED/);
    await using plain = await pods.portforward.listen("echo", { portMap: { 80: 0 } });
    await assert.rejects(open(plain.ports[80]!, "127.0.0.2"), /ECONNREFUSED/);
    const local = await open(plain.ports[80]!);
    assert.equal(await exchange(local, "b"), "b");
    local.destroy();
    await close();
  });

  test(`${backend}: listen connections are isolated: one connection failing leaves a concurrent one and later ones working`, async () => {
    const { pods, close } = await server.pods(backend);
    await using listener = await pods.portforward.listen("echo", { portMap: { 80: 0 } });
    const port = listener.ports[80]!;
    const [a, b] = await Promise.all([open(port), open(port)]);
    assert.deepEqual(await Promise.all([exchange(a, "one"), exchange(b, "two")]), ["one", "two"]);
    a.on("error", () => undefined);
    a.write("die");
    await ended(a);
    assert.equal(await exchange(b, "still here"), "still here");
    const c = await open(port);
    assert.equal(await exchange(c, "new"), "new");
    b.destroy();
    c.destroy();
    await close();
  });

  test(`${backend}: a listen connection whose upgrade fails ends alone; listen passes requestTimeout to each connection`, async () => {
    const { pods, close } = await server.pods(backend);
    await using broken = await pods.portforward.listen("silent", { portMap: { 80: 0 }, requestTimeout: 0.3 });
    const socket = await open(broken.ports[80]!);
    socket.on("error", () => undefined);
    const closedIn = await Promise.race([ended(socket).then(() => "closed"), new Promise((r) => setTimeout(() => r("open"), 3_000))]);
    assert.equal(closedIn, "closed");
    const again = await open(broken.ports[80]!);
    again.destroy();
    await close();
  });
}
