// exec, attach and port-forward through the real API server to kwok's simulated kubelet, with both backends.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { appendFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { Api, KubexArgumentError, KubexClientError, type HttpClient } from "../../runtime/index.js";
import { Namespace, Pod } from "../../generated/k8s/v1_35/core/v1/index.js";
import { e2eCluster, printLogsOnFailure, uniqueNamespace, type E2ECluster } from "./support/cluster.js";
import { skipOrFail } from "./support/skip.js";
import { backends, clientFor, eventually } from "./support/clients.js";

let cluster: E2ECluster;
let skip: string | undefined;
let ns: string;
let admin: HttpClient;
printLogsOnFailure();

before(async () => {
  const found = await e2eCluster();
  if ("skip" in found) return void (skip = found.skip);
  if (!found.local) return void (skip = "exec, attach and port-forward targets are the local kwok configuration");
  cluster = found;
  admin = await clientFor(cluster, "undici");
  ns = uniqueNamespace("e2e-stream");
  await new Api(Namespace, { client: admin }).create({ metadata: { name: ns } });
  const pods = new Api(Pod, { client: admin, namespace: ns });
  await pods.create({ metadata: { name: "box" }, spec: { nodeName: cluster.node, containers: [{ name: "main", image: "busybox" }] } });
  await eventually("pod Running", async () => ((await pods.get("box")).status?.phase === "Running" ? true : undefined));
});
after(async () => {
  if (!admin) return;
  await new Api(Namespace, { client: admin }).delete(ns).catch(() => undefined);
  await admin.close();
});

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const MiB = 1024 * 1024;

for (const backend of backends) {
  test(`${backend}: exec.run collects stdout, stderr and the exit code`, async (t) => {
    if (skip) return skipOrFail(t, skip);
    await using client = await clientFor(cluster, backend);
    const pods = new Api(Pod, { client, namespace: ns });
    const ok = await pods.exec.run("box", { command: ["sh", "-c", "echo out; echo err >&2"], container: "main" });
    assert.deepEqual([ok.stdout, ok.stderr, ok.exitCode], ["out\n", "err\n", 0]);
    const failed = await pods.exec.run("box", { command: ["sh", "-c", "echo partial; exit 3"] });
    assert.equal(failed.stdout, "partial\n");
    assert.equal(failed.exitCode, 3);
    assert.equal(failed.status?.status, "Failure");
    const piped = await pods.exec.run("box", { command: ["sh", "-c", "read l; echo got:$l"], stdin: "hello\n" });
    assert.equal(piped.stdout, "got:hello\n");
  });

  // kwok's local exec does not pass stdin EOF on to the process (the v5 close frame is sent and the API
  // server accepts it; see the in-process tests), so this session is ended by closing it.
  test(`${backend}: an interactive exec session: stdin, resize, line by line output`, async (t) => {
    if (skip) return skipOrFail(t, skip);
    await using client = await clientFor(cluster, backend);
    await using session = await new Api(Pod, { client, namespace: ns }).exec.stream("box", { command: ["sh", "-c", "while read l; do echo \"<$l>\"; done; echo bye"], stdin: true });
    assert.equal(session.protocol, "v5.channel.k8s.io");
    await session.resize({ width: 120, height: 40 });
    const out = session.stdout[Symbol.asyncIterator]();
    const decoder = new TextDecoder();
    let text = "";
    await session.stdin.write("one\n");
    while (!text.includes("<one>")) text += decoder.decode((await out.next()).value);
    await session.stdin.write("two\n");
    await session.stdin.end();
    while (!text.includes("<two>")) text += decoder.decode((await out.next()).value);
    assert.equal(text, "<one>\n<two>\n");
    await session.close();
    assert.equal((await out.next()).done, true, "closing ends the output");
  });

  test(`${backend}: attach receives what the container writes`, async (t) => {
    if (skip) return skipOrFail(t, skip);
    await using client = await clientFor(cluster, backend);
    await using session = await new Api(Pod, { client, namespace: ns }).attach.stream("box", { container: "main" });
    const marker = `attached-${backend}-${Date.now()}`;
    const out = session.stdout[Symbol.asyncIterator]();
    let text = "";
    const deadline = Date.now() + 20_000;
    while (!text.includes(marker) && Date.now() < deadline) {
      appendFileSync(join(cluster.kwokDir!, "attach.log"), `2026-01-01T00:00:00.000000000Z stdout F ${marker}\n`);
      const next = await Promise.race([out.next(), new Promise<undefined>((r) => setTimeout(() => r(undefined), 500))]);
      if (next && !next.done) text += new TextDecoder().decode(next.value);
    }
    assert.match(text, new RegExp(marker));
  });

  test(`${backend}: port-forward moves 10 MiB both ways intact (forward and listen)`, { timeout: 120_000 }, async (t) => {
    if (skip) return skipOrFail(t, skip);
    await using client = await clientFor(cluster, backend);
    const pods = new Api(Pod, { client, namespace: ns });
    const payload = randomBytes(10 * MiB);

    // forward: one duplex stream per remote port; kwok's target echoes.
    await using session = await pods.portforward.forward("box", { ports: [8080] });
    const stream = session.ports.get(8080)!;
    const received: Buffer[] = [];
    let size = 0;
    const reading = (async () => {
      for await (const chunk of stream.data) {
        received.push(Buffer.from(chunk));
        size += chunk.length;
        if (size >= payload.length) break;
      }
    })();
    for (let i = 0; i < payload.length; i += 256 * 1024) await stream.write(payload.subarray(i, i + 256 * 1024));
    await reading;
    assert.equal(sha(Buffer.concat(received)), sha(payload));

    // listen: loopback listeners, a session per accepted connection, two connections at once.
    await using listener = await pods.portforward.listen("box", { portMap: { 8080: 0 } });
    const local = listener.ports[8080]!;
    const roundTrip = (data: Buffer) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(local, "127.0.0.1", () => socket.write(data));
        const chunks: Buffer[] = [];
        let got = 0;
        socket.on("data", (c: Buffer) => {
          chunks.push(c);
          got += c.length;
          if (got >= data.length) {
            socket.end();
            resolve(sha(Buffer.concat(chunks)));
          }
        });
        socket.on("error", reject);
      });
    const other = randomBytes(MiB);
    assert.deepEqual(await Promise.all([roundTrip(payload), roundTrip(other)]), [sha(payload), sha(other)]);
  });

  test(`${backend}: binary output with encoding "buffer", output switched off, bad arguments refused, signal aborts mid-exec`, async (t) => {
    if (skip) return t.skip(skip);
    await using client = await clientFor(cluster, backend);
    const pods = new Api(Pod, { client, namespace: ns });
    const allBytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    const format = [...allBytes].map((b) => `\\${b.toString(8).padStart(3, "0")}`).join("");
    const binary = await pods.exec.run("box", { command: ["sh", "-c", `printf '${format}'; printf '${format}' >&2`], encoding: "buffer" });
    assert.deepEqual([binary.stdout, binary.stderr, binary.exitCode], [allBytes, allBytes, 0]);
    const quiet = await pods.exec.run("box", { command: ["sh", "-c", "echo out; echo err >&2"], stdout: false });
    assert.deepEqual([quiet.stdout, quiet.stderr], ["", "err\n"]);
    await assert.rejects(pods.exec.run("box", { command: "ls" as unknown as string[] }), (e: Error) => e instanceof KubexArgumentError && e.argument === "command");
    await assert.rejects(pods.portforward.forward("box", { ports: [8080, 8080] }), (e: Error) => e instanceof KubexArgumentError && e.argument === "ports");
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 1_000);
    await assert.rejects(pods.exec.run("box", { command: ["sleep", "30"], signal: controller.signal }), (e: Error) => e instanceof KubexClientError && e.code === "KUBEX_ABORTED");
  });

  test(`${backend}: a frame over a small wsMaxMessageSize is a clear error`, async (t) => {
    if (skip) return skipOrFail(t, skip);
    await using client = await clientFor(cluster, backend, { wsMaxMessageSize: 1024 });
    await assert.rejects(new Api(Pod, { client, namespace: ns }).exec.run("box", { command: ["sh", "-c", "head -c 65536 /dev/zero"] }),
      (e: Error) => e instanceof KubexClientError && /exceeds the limit of 1024 bytes \(ClientOptions\.wsMaxMessageSize/.test(e.message));
  });
}
