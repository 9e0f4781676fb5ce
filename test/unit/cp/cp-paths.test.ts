// cp checks what it can before a session opens, keeps a remote name from being read as a tar option,
// and reports local file system failures as typed errors.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { copyFromPod, copyToPod, createClient, KubexArgumentError, KubexClientError, type Backend } from "../../../runtime/index.js";
import { testCerts } from "../support/certs.js";
import { writeTar } from "../../../runtime/cp/tar.js";
import { frame, startChannelServer, statusFrame } from "../websocket/support/channel-server.js";

const server = await startChannelServer();
after(() => server.close());
const commands: string[][] = [];
server.on("tar-source", (ws, url) => {
  commands.push(url.searchParams.getAll("command"));
  void (async () => {
    for await (const chunk of writeTar([{ name: "f/a.txt", type: "file", mode: 0o644, mtime: 0, size: 1, data: [Buffer.from("x")] }])) ws.send(frame(1, chunk));
    ws.send(statusFrame({ status: "Success" }));
    ws.close(1000);
  })();
});
const connect = (backend: Backend) => createClient({ configuration: { server: server.url, namespace: "ns", tls: { ca: testCerts().ca } }, backend });
const dir = mkdtempSync(join(tmpdir(), "kubex-cp-"));

for (const backend of ["undici", "fetch"] as Backend[]) {
  test(`${backend}: copyToPod from a local path that does not exist is a KubexArgumentError before any session`, async () => {
    await using client = await connect(backend);
    const before = server.upgrades();
    await assert.rejects(copyToPod(client, "tar-sink", join(dir, "missing"), "/tmp/x", { namespace: "ns" }),
      (e: Error) => e instanceof KubexArgumentError && e.argument === "localPath" && /ENOENT/.test(e.message));
    assert.equal(server.upgrades(), before, "no session was opened");
  });

  test(`${backend}: copyFromPod of a remote name starting with "-" does not pass it to tar as an option`, async () => {
    await using client = await connect(backend);
    await copyFromPod(client, "tar-source", "/tmp/--checkpoint-action=exec=sh", join(dir, `out-${backend}`), { namespace: "ns" });
    const command = commands.at(-1)!;
    assert.deepEqual(command.slice(0, 5), ["tar", "cf", "-", "-C", "/tmp"]);
    assert.ok(command.slice(5).every((a) => !a.startsWith("-")), `tar got ${JSON.stringify(command)}`);
  });

  test(`${backend}: copyFromPod into a path under a regular file is a typed error, not a raw fs error`, async () => {
    await using client = await connect(backend);
    writeFileSync(join(dir, "a-file"), "");
    await assert.rejects(copyFromPod(client, "tar-source", "/tmp/f", join(dir, "a-file", "below"), { namespace: "ns" }),
      (e: Error) => e instanceof KubexClientError && /ENOTDIR|EEXIST/.test(e.message));
  });
}
