// How a session ends: a clean close is the end of output; a close that is not clean
// (transport lost, server error) is an error unless the exit status already came.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { KubexClientError, type Backend } from "../../../runtime/index.js";
import { frame, startChannelServer, statusFrame } from "./support/channel-server.js";

const server = await startChannelServer();
after(() => server.close());

server.on("lost", (ws) => {
  ws.send(frame(1, "partial"));
  setTimeout(() => ws.terminate(), 20);
});
server.on("crashed", (ws) => {
  ws.send(frame(1, "partial"));
  ws.close(1011, "kubelet crashed");
});
server.on("done-then-lost", (ws) => {
  ws.send(frame(1, "all"));
  ws.send(statusFrame({ status: "Success" }));
  setTimeout(() => ws.terminate(), 20);
});
server.on("pf-lost", (ws, url) => {
  const port = Number(url.searchParams.get("ports"));
  ws.send(Buffer.of(0, port & 0xff, port >> 8));
  ws.send(Buffer.of(1, port & 0xff, port >> 8));
  ws.send(Buffer.of(0, 0x61));
  setTimeout(() => ws.terminate(), 20);
});

const abnormal = (code: RegExp) => (e: Error) => e instanceof KubexClientError && code.test(e.message) && /closed abnormally/.test(e.message);

for (const backend of ["undici", "fetch"] as Backend[]) {
  test(`${backend}: exec.run rejects when the connection is lost before any exit status (1006)`, async () => {
    const { pods, close } = await server.pods(backend);
    await assert.rejects(pods.exec.run("lost", { command: ["x"] }), abnormal(/1006/));
    await close();
  });

  test(`${backend}: exec.run rejects on a server error close (1011), naming the code and reason`, async () => {
    const { pods, close } = await server.pods(backend);
    await assert.rejects(pods.exec.run("crashed", { command: ["x"] }), abnormal(/1011.*kubelet crashed/));
    await close();
  });

  test(`${backend}: a connection lost after the exit status arrived is still a completed run`, async () => {
    const { pods, close } = await server.pods(backend);
    const r = await pods.exec.run("done-then-lost", { command: ["x"] });
    assert.deepEqual([r.stdout, r.exitCode], ["all", 0]);
    await close();
  });

  test(`${backend}: an attach session that loses its connection fails its output and its status, after the output that came`, async () => {
    const { pods, close } = await server.pods(backend);
    const session = await pods.attach.stream("lost");
    const chunks: string[] = [];
    await assert.rejects(
      (async () => {
        for await (const chunk of session.stdout) chunks.push(new TextDecoder().decode(chunk));
      })(),
      abnormal(/1006/),
    );
    assert.deepEqual(chunks, ["partial"]);
    await assert.rejects(session.waitForStatus(), abnormal(/1006/));
    await close();
  });

  test(`${backend}: a port-forward whose connection is lost fails its data stream and closed`, async () => {
    const { pods, close } = await server.pods(backend);
    const session = await pods.portforward.forward("pf-lost", { ports: [8080] });
    const chunks: number[] = [];
    await assert.rejects(
      (async () => {
        for await (const chunk of session.ports.get(8080)!.data) chunks.push(...chunk);
      })(),
      abnormal(/1006/),
    );
    assert.deepEqual(chunks, [0x61]);
    await assert.rejects(session.closed, abnormal(/1006/));
    await close();
  });
}
