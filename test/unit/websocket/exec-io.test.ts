// Binary-safe exec I/O: Uint8Array output, a WritableStream for stdin, pipe() with backpressure.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { Readable, Writable } from "node:stream";
import type { Backend } from "../../../runtime/index.js";
import { frame, startChannelServer, statusFrame } from "./support/channel-server.js";

const server = await startChannelServer();
after(() => server.close());

const allBytes = Uint8Array.from({ length: 256 }, (_, i) => i);
const reversed = Uint8Array.from(allBytes).reverse();

// Collects stdin until the v5 close signal, then answers it on stdout in 100-byte frames
// (cutting UTF-8 sequences apart) and reversed on stderr.
server.on("binary", (ws) => {
  const input: number[] = [];
  ws.on("message", (data: Buffer) => {
    if (data[0] === 0) input.push(...data.subarray(1));
    if (data[0] === 255 && data[1] === 0) {
      const bytes = Buffer.from(input);
      for (let i = 0; i < bytes.length; i += 100) ws.send(frame(1, bytes.subarray(i, i + 100)));
      ws.send(frame(2, Buffer.from(bytes).reverse()));
      ws.send(statusFrame({ status: "Success" }));
      ws.close();
    }
  });
});

const twice = Uint8Array.from([...allBytes, ...allBytes]);

for (const backend of ["undici", "fetch"] as Backend[]) {
  test(`${backend}: exec.run with encoding "buffer" returns every byte value unchanged`, async () => {
    const { pods, close } = await server.pods(backend);
    const r = await pods.exec.run("binary", { command: ["cat"], stdin: twice, encoding: "buffer" });
    assert.ok(r.stdout instanceof Uint8Array);
    assert.deepEqual(r.stdout, twice);
    assert.deepEqual(r.stderr, Uint8Array.from(twice).reverse());
    assert.equal(r.exitCode, 0);
    const text = await pods.exec.run("binary", { command: ["cat"], stdin: "héllo" });
    assert.equal(text.stdout, "héllo");
    // The encoding picks the output type.
    const asText: string = text.stdout;
    // @ts-expect-error bytes are not text
    const notText: string = r.stdout;
    assert.equal(typeof asText, "string");
    assert.notEqual(typeof notText, "string");
    await close();
  });

  test(`${backend}: stdin as a WritableStream: bytes and text written in order, close sends the v5 close signal`, async () => {
    const { pods, close } = await server.pods(backend);
    await using session = await pods.exec.stream("binary", { command: ["cat"], stdin: true });
    const writer = session.writable().getWriter();
    await writer.write(allBytes);
    await writer.write("é");
    await writer.close();
    const out: number[] = [];
    for await (const chunk of session.stdout) out.push(...chunk);
    assert.deepEqual(Uint8Array.from(out), Uint8Array.from([...allBytes, 0xc3, 0xa9]));
    assert.deepEqual([...server.received("binary").at(-1)!], [255, 0]);
    await close();
  });

  test(`${backend}: pipe copies a Node Readable into stdin and output into a WritableStream and a Node Writable, one write at a time`, async () => {
    const { pods, close } = await server.pods(backend);
    await using session = await pods.exec.stream("binary", { command: ["cat"], stdin: true });
    const out: number[] = [];
    let writing = 0;
    let mostAtOnce = 0;
    const stdout = new WritableStream<Uint8Array>(
      {
        async write(chunk) {
          mostAtOnce = Math.max(mostAtOnce, ++writing);
          await new Promise((r) => setTimeout(r, 5));
          out.push(...chunk);
          writing--;
        },
      },
      { highWaterMark: 1 },
    );
    const err: number[] = [];
    const stderr = new Writable({
      write(chunk: Buffer, _encoding, done) {
        err.push(...chunk);
        done();
      },
    });
    const stdin = Readable.from([Buffer.from(allBytes.subarray(0, 128)), Buffer.from(allBytes.subarray(128))]);
    const exit = await session.pipe({ stdin, stdout, stderr });
    assert.equal(exit.exitCode, 0);
    assert.deepEqual(Uint8Array.from(out), allBytes);
    assert.deepEqual(Uint8Array.from(err), reversed);
    assert.equal(mostAtOnce, 1);
    assert.equal(stderr.writableEnded, false, "sinks are not ended");
    await close();
  });
}
