// exec and port-forward sessions against an in-process WebSocket server that misbehaves on demand.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";
import { Api, createClient, Forbidden, KubexClientError, KubexProtocolError, type Backend } from "../../../runtime/index.js";
import { Pod } from "../../../generated/k8s/v1_35/core/v1/index.js";
import { testCerts } from "../support/certs.js";

type Behaviour = (ws: WebSocket, url: URL) => void;
const behaviours = new Map<string, Behaviour>();
const certs = testCerts();
const https = createServer({ cert: certs.serverCert, key: certs.serverKey });
const wss = new WebSocketServer({
  noServer: true,
  handleProtocols: (protocols) => {
    const v4only = [...protocols].includes("v4.channel.k8s.io") && currentPod.startsWith("v4");
    return v4only ? "v4.channel.k8s.io" : protocols.has("v5.channel.k8s.io") ? "v5.channel.k8s.io" : [...protocols][0]!;
  },
});
let currentPod = "";
const sockets = new Set<import("node:stream").Duplex>();
https.on("upgrade", (req, socket, head) => {
  sockets.add(socket);
  const url = new URL(req.url!, "https://x");
  const pod = url.pathname.split("/")[6]!;
  currentPod = pod;
  if (pod === "forbidden") {
    socket.end('HTTP/1.1 403 Forbidden\r\ncontent-type: application/json\r\n\r\n{"kind":"Status","code":403,"reason":"Forbidden","message":"pods \\"forbidden\\" is forbidden"}');
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => behaviours.get(pod)!(ws, url));
});
await new Promise<void>((r) => https.listen(0, "127.0.0.1", r));
after(() => {
  for (const socket of sockets) socket.destroy();
  wss.close();
  https.close();
});
const server = `https://127.0.0.1:${(https.address() as AddressInfo).port}`;

const frame = (channel: number, text: string | Uint8Array) => Buffer.concat([Buffer.of(channel), Buffer.from(text)]);
const status = (s: object) => frame(3, JSON.stringify(s));

// Echo stdin to stdout until stdin is closed (v5 close signal), then report exit code 7.
behaviours.set("echo", (ws) => {
  let input = "";
  ws.on("message", (data: Buffer) => {
    if (data[0] === 0) input += data.subarray(1).toString();
    if (data[0] === 255 && data[1] === 0) {
      ws.send(frame(1, input.toUpperCase()));
      ws.send(frame(2, "warn"));
      ws.send(status({ status: "Failure", reason: "NonZeroExitCode", details: { causes: [{ reason: "ExitCode", message: "7" }] } }));
      ws.close();
    }
    if (data[0] === 4) ws.send(frame(1, `resized ${data.subarray(1).toString()}`));
  });
});
const v4Received: Buffer[] = [];
behaviours.set("v4", (ws) => {
  ws.on("message", (data: Buffer) => {
    v4Received.push(Buffer.from(data));
    ws.send(frame(1, `got ${data.subarray(1).toString()}`));
    ws.send(status({ status: "Success" }));
    ws.close();
  });
});
behaviours.set("text", (ws) => ws.send("a text frame"));
behaviours.set("big", (ws) => {
  ws.send(frame(1, Buffer.alloc(4096, 0x61)));
  ws.close();
});
behaviours.set("early", (ws) => {
  ws.send(frame(1, "partial"));
  ws.close();
});
behaviours.set("unknown", (ws) => ws.send(frame(9, "?")));
behaviours.set("badstatus", (ws) => {
  ws.send(frame(3, "not json"));
  ws.close();
});
// Port-forward: each channel opens with the port number (little-endian), then echoes data channel 0.
behaviours.set("pf", (ws, url) => {
  const port = Number(url.searchParams.get("ports"));
  const prefix = Buffer.of(port & 0xff, port >> 8);
  ws.send(Buffer.concat([Buffer.of(0), prefix]));
  ws.send(Buffer.concat([Buffer.of(1), prefix]));
  ws.on("message", (data: Buffer) => {
    if (data[0] === 0) ws.send(frame(0, data.subarray(1)));
  });
});
behaviours.set("pf-noprefix", (ws) => ws.send(frame(0, "x")));

for (const backend of ["undici", "fetch"] as Backend[]) {
  const pods = async (options: object = {}) => {
    const client = await createClient({ configuration: { server, namespace: "ns", tls: { ca: certs.ca }, token: "t0ken" }, options, backend });
    return { client, pods: new Api(Pod, { client }) };
  };

  test(`${backend}: exec.run with stdin over v5: stdin closed by the close signal, stdout, stderr, exit code`, async () => {
    const { client, pods: api } = await pods();
    const r = await api.exec.run("echo", { command: ["cat"], stdin: "hello" });
    assert.deepEqual({ stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode }, { stdout: "HELLO", stderr: "warn", exitCode: 7 });
    await client.close();
  });

  test(`${backend}: exec.stream session: write, resize, end, wait for status`, async () => {
    const { client, pods: api } = await pods();
    await using session = await api.exec.stream("echo", { command: ["sh"], stdin: true, tty: false });
    assert.equal(session.protocol, "v5.channel.k8s.io");
    await session.resize({ width: 100, height: 40 });
    const out = session.stdout[Symbol.asyncIterator]();
    assert.equal(new TextDecoder().decode((await out.next()).value), 'resized {"Width":100,"Height":40}');
    await session.stdin.write("abc");
    await session.stdin.end();
    assert.equal(new TextDecoder().decode((await out.next()).value), "ABC");
    assert.equal((await session.waitForStatus()).exitCode, 7);
    await client.close();
  });

  test(`${backend}: a v4-only server is used with v4, and stdin end sends no close frame there`, async () => {
    const { client, pods: api } = await pods();
    v4Received.length = 0;
    const session = await api.exec.stream("v4", { command: ["x"], stdin: true });
    assert.equal(session.protocol, "v4.channel.k8s.io");
    await session.stdin.end();
    await session.stdin.write("ping");
    assert.equal((await session.waitForStatus()).exitCode, 0);
    // The server answers its first frame and closes: that frame must be the stdin data, not [255, 0].
    assert.deepEqual(v4Received.map((b) => b.toString("hex")), [Buffer.from("\x00ping").toString("hex")]);
    await client.close();
  });

  test(`${backend}: text frames, unknown channels and a bad error channel are protocol errors`, async () => {
    const { client, pods: api } = await pods();
    await assert.rejects(api.exec.run("text", { command: ["x"] }), (e: Error) => e instanceof KubexProtocolError && /text frame/.test(e.message));
    await assert.rejects(api.exec.run("unknown", { command: ["x"] }), (e: Error) => e instanceof KubexProtocolError && /unknown channel 9/.test(e.message));
    await assert.rejects(api.exec.run("badstatus", { command: ["x"] }), /the error channel carried no Status/);
    await client.close();
  });

  test(`${backend}: an early close gives the output so far and exitCode null`, async () => {
    const { client, pods: api } = await pods();
    const r = await api.exec.run("early", { command: ["x"] });
    assert.deepEqual([r.stdout, r.exitCode, r.status], ["partial", null, undefined]);
    await client.close();
  });

  test(`${backend}: a frame over wsMaxMessageSize is an error naming the limit and the option`, async () => {
    const { client, pods: api } = await pods({ wsMaxMessageSize: 1024 });
    await assert.rejects(api.exec.run("big", { command: ["x"] }), (e: Error) => e instanceof KubexClientError && /limit of 1024 bytes \(ClientOptions\.wsMaxMessageSize/.test(e.message));
    await client.close();
    const { client: open, pods: uncapped } = await pods({ wsMaxMessageSize: null });
    assert.equal((await uncapped.exec.run("big", { command: ["x"] })).stdout.length, 4096);
    await open.close();
  });

  test(`${backend}: port-forward strips the port prefix and echoes; a channel without its prefix is a protocol error`, async () => {
    const { client, pods: api } = await pods();
    const session = await api.portforward.forward("pf", { ports: [8080] });
    const stream = session.ports.get(8080)!;
    await stream.write(new TextEncoder().encode("hello"));
    for await (const chunk of stream.data) {
      assert.equal(new TextDecoder().decode(chunk), "hello");
      break;
    }
    await session.close();
    const bad = await api.portforward.forward("pf-noprefix", { ports: [1] });
    await assert.rejects(bad.closed, /opened without its port number/);
    await client.close();
  });
}

test("undici: closing a listener ends a connection whose client half-closed, without waiting for the remote", async () => {
  const { connect } = await import("node:net");
  const client = await createClient({ configuration: { server, namespace: "ns", tls: { ca: certs.ca } } });
  const listener = await new Api(Pod, { client }).portforward.listen("pf", { portMap: { 8080: 0 } });
  const socket = connect(listener.ports[8080]!, "127.0.0.1");
  const reply = await new Promise<string>((resolve) => {
    socket.once("connect", () => socket.write("hi"));
    socket.once("data", (d: Buffer) => resolve(d.toString()));
  });
  assert.equal(reply, "hi");
  socket.end();
  const closed = await Promise.race([listener.close().then(() => "closed"), new Promise((r) => setTimeout(() => r("still open"), 3_000))]);
  assert.equal(closed, "closed");
  await client.close();
});

test("undici: a refused upgrade is the typed API error", async () => {
  const client = await createClient({ configuration: { server, namespace: "ns", tls: { ca: certs.ca } } });
  await assert.rejects(new Api(Pod, { client }).exec.run("forbidden", { command: ["x"] }), (e: Error) => e instanceof Forbidden && /is forbidden/.test(e.message));
  await client.close();
});
