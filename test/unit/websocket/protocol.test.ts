// Server replies that break the channel protocols are KubexProtocolError, naming what was expected.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { KubexProtocolError, type Backend } from "../../../runtime/index.js";
import { frame, startChannelServer } from "./support/channel-server.js";

const server = await startChannelServer();
after(() => server.close());

const errorChannel: Record<string, string> = {
  "status-text": "not json",
  "status-array": "[1,2]",
  "status-string": '"Success"',
  "status-null": "null",
  "status-pod": '{"kind":"Pod","status":"Success"}',
  "status-nostatus": '{"kind":"Status","message":"?"}',
  "status-weird": '{"status":"Maybe"}',
};
for (const [pod, payload] of Object.entries(errorChannel)) {
  server.on(pod, (ws) => {
    ws.send(frame(3, payload));
    ws.close();
  });
}
const accepted: Record<string, [string, number]> = {
  "status-kubelet": ['{"metadata":{},"status":"Success"}', 0],
  "status-full": ['{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","reason":"NonZeroExitCode","details":{"causes":[{"reason":"ExitCode","message":"4"}]}}', 4],
};
for (const [pod, [payload]] of Object.entries(accepted)) {
  server.on(pod, (ws) => {
    ws.send(frame(3, payload));
    ws.close();
  });
}
server.on("text", (ws) => ws.send("a text frame"));
server.on("pf-text", (ws) => ws.send("a text frame"));
server.on("pf-otherport", (ws) => {
  ws.send(Buffer.of(0, 0x82, 0x23)); // 9090, not the 8080 asked for
  ws.send(Buffer.of(1, 0x82, 0x23));
});

for (const backend of ["undici", "fetch"] as Backend[]) {
  test(`${backend}: an error channel that is not a Status object is a KubexProtocolError`, async () => {
    const { pods, close } = await server.pods(backend);
    for (const pod of Object.keys(errorChannel)) {
      await assert.rejects(
        pods.exec.run(pod, { command: ["x"] }),
        (e: Error) => e instanceof KubexProtocolError && /error channel carried no Status/.test(e.message),
        pod,
      );
    }
    await close();
  });

  test(`${backend}: a Status with or without its kind is accepted`, async () => {
    const { pods, close } = await server.pods(backend);
    for (const [pod, [, exitCode]] of Object.entries(accepted)) assert.equal((await pods.exec.run(pod, { command: ["x"] })).exitCode, exitCode, pod);
    await close();
  });

  test(`${backend}: a text frame is a KubexProtocolError, in exec and in port-forward`, async () => {
    const { pods, close } = await server.pods(backend);
    const textFrame = (e: Error) => e instanceof KubexProtocolError && e.code === "KUBEX_PROTOCOL" && /text frame/.test(e.message);
    await assert.rejects(pods.exec.run("text", { command: ["x"] }), textFrame);
    const session = await pods.portforward.forward("pf-text", { ports: [80] });
    await assert.rejects(session.closed, textFrame);
    await close();
  });

  test(`${backend}: a port-forward channel that announces another port than the one asked for is a KubexProtocolError`, async () => {
    const { pods, close } = await server.pods(backend);
    const session = await pods.portforward.forward("pf-otherport", { ports: [8080] });
    await assert.rejects(session.closed, (e: Error) => e instanceof KubexProtocolError && /channel 0 opened for port 9090, not 8080/.test(e.message));
    await assert.rejects(
      (async () => {
        for await (const _ of session.ports.get(8080)!.data);
      })(),
      KubexProtocolError,
    );
    await close();
  });
}
