// Output channels: switched off on request, bounded with backpressure while unread,
// and a reported cap on what exec.run collects.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { KubexArgumentError, KubexClientError, type Backend } from "../../../runtime/index.js";
import { frame, portForwarding, startChannelServer, statusFrame } from "./support/channel-server.js";
import type { AsyncQueue } from "../../../runtime/util/async-queue.js";

const server = await startChannelServer();
after(() => server.close());

const queries: URLSearchParams[] = [];
server.on("quiet", (ws, url) => {
  queries.push(url.searchParams);
  ws.send(statusFrame({ status: "Success" }));
  ws.close();
});
const chunk = 64 * 1024;
const chunks = 64; // 4 MiB on stdout
server.on("flood", (ws) => {
  for (let i = 0; i < chunks; i++) ws.send(frame(1, Buffer.alloc(chunk, i)));
  ws.send(statusFrame({ status: "Success" }));
  ws.close();
});
server.on("chatty", (ws) => {
  for (let i = 0; i < 3; i++) ws.send(frame(i % 2 ? 2 : 1, Buffer.alloc(1000, 0x61)));
  ws.send(statusFrame({ status: "Success" }));
  ws.close();
});

// Port-forward: any data frame asks for 4 MiB back.
server.on("pf-flood", portForwarding((ws) => {
  for (let i = 0; i < chunks; i++) ws.send(frame(0, Buffer.alloc(chunk, i)));
}));

for (const backend of ["undici", "fetch"] as Backend[]) {
  test(`${backend}: unread port-forward data is bounded the same way, and every byte comes once read`, async () => {
    const { pods, close } = await server.pods(backend);
    await using session = await pods.portforward.forward("pf-flood", { ports: [80] });
    const port = session.ports.get(80)!;
    await port.write(Uint8Array.of(1));
    await new Promise((r) => setTimeout(r, 300));
    // The queue behind `data` (an internal view, to see what is held unread).
    const buffered = (port.data as unknown as { buffered: number }).buffered * chunk;
    assert.ok(buffered <= 1024 * 1024 + chunk, `buffered ${buffered} bytes`);
    let total = 0;
    for await (const part of port.data) {
      total += part.length;
      if (total === chunk * chunks) break;
    }
    assert.equal(total, chunk * chunks);
    await close();
  });

  test(`${backend}: stdout and stderr can be switched off; the query leaves them out and the iterables end at once`, async () => {
    const { pods, close } = await server.pods(backend);
    queries.length = 0;
    const session = await pods.exec.stream("quiet", { command: ["x"], stdout: false, stdin: true });
    for await (const _ of session.stdout) assert.fail("stdout was switched off");
    await session.waitForStatus();
    await pods.attach.stream("quiet", { stderr: false });
    const r = await pods.exec.run("quiet", { command: ["x"], stdout: false });
    assert.deepEqual([r.stdout, r.stderr, r.exitCode], ["", "", 0]);
    assert.deepEqual(
      queries.map((q) => [q.get("stdout"), q.get("stderr"), q.get("stdin")]),
      [
        [null, "true", "true"],
        ["true", null, null],
        [null, "true", null],
      ],
    );
    await assert.rejects(pods.exec.stream("quiet", { command: ["x"], stdout: false, stderr: false }), (e: Error) => e instanceof KubexArgumentError && e.argument === "stdout");
    await close();
  });

  test(`${backend}: unread output is bounded: the session stops taking frames above its high-water mark and gives every byte once read`, async () => {
    const { pods, close } = await server.pods(backend);
    const session = await pods.exec.stream("flood", { command: ["x"] });
    await new Promise((r) => setTimeout(r, 300));
    const buffered = (session.stdout as AsyncQueue<Uint8Array>).buffered * chunk;
    assert.ok(buffered <= 1024 * 1024 + chunk, `buffered ${buffered} bytes`);
    let total = 0;
    for await (const part of session.stdout) total += part.length;
    assert.equal(total, chunk * chunks);
    assert.equal((await session.waitForStatus()).exitCode, 0);
    await close();
  });

  test(`${backend}: closing or aborting a session whose unread output is over the mark does not wait for a reader`, async () => {
    const { pods, close } = await server.pods(backend);
    const within = (promise: Promise<unknown>) => Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error("still waiting")), 3_000))]);
    const session = await pods.exec.stream("flood", { command: ["x"] });
    await new Promise((r) => setTimeout(r, 200));
    await within(session.close());
    const controller = new AbortController();
    const aborted = await pods.exec.stream("flood", { command: ["x"], signal: controller.signal });
    await new Promise((r) => setTimeout(r, 200));
    controller.abort();
    await assert.rejects(within(aborted.waitForStatus()), (e: Error) => e instanceof KubexClientError && e.code === "KUBEX_ABORTED");
    const forward = await pods.portforward.forward("pf-flood", { ports: [80] });
    await forward.ports.get(80)!.write(Uint8Array.of(1));
    await new Promise((r) => setTimeout(r, 200));
    await within(forward.close());
    await close();
  });

  test(`${backend}: exec.run refuses output over maxOutputBytes with a typed error naming the cap; null lifts it`, async () => {
    const { pods, close } = await server.pods(backend);
    await assert.rejects(
      pods.exec.run("chatty", { command: ["x"], maxOutputBytes: 2500 }),
      (e: Error) => e instanceof KubexClientError && e.code === "KUBEX_OUTPUT_TOO_LARGE" && /2500 bytes/.test(e.message) && /maxOutputBytes/.test(e.message),
    );
    const r = await pods.exec.run("chatty", { command: ["x"], maxOutputBytes: null });
    assert.equal(r.stdout.length + r.stderr.length, 3000);
    assert.equal((await pods.exec.run("chatty", { command: ["x"], maxOutputBytes: 3000 })).stdout.length, 2000);
    await assert.rejects(pods.exec.run("chatty", { command: ["x"], maxOutputBytes: loose(-1) }), (e: Error) => e instanceof KubexArgumentError && e.argument === "maxOutputBytes");
    await close();
  });
}

function loose<T>(value: unknown): T {
  return value as T;
}
