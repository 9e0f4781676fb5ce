// copyFromPod and copyToPod over a scripted exec connection (no server): the tar command each
// runs, where the copy lands, what goes out on stdin, the entries left out, and each refusal
// with its exact message.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import {
  BaseClient, copyFromPod, copyToPod, KubexArgumentError, KubexClientError, KubexCopyError, KubexProtocolError,
  type ClientConfiguration, type KubeRequest, type KubeResponse, type SkippedEntry, type WebSocketConnection, type WebSocketRequest,
} from "../../../runtime/index.js";
import { readTar, writeTar, type TarEntry, type TarWriteEntry } from "../../../runtime/cp/tar.js";
import { fakeConnection, type FakeConnection } from "../stream/support/fake-connection.js";
import { scratchDirs } from "../support/scratch.js";

const { fresh } = scratchDirs("kubex-cp-rules-");

const success = { status: "Success" };
const exitWith = (code: number) => ({ status: "Failure", reason: "NonZeroExitCode", message: `command terminated with non-zero exit code: ${code}`, details: { causes: [{ reason: "ExitCode", message: String(code) }] } });

interface Script {
  /** The archive tar writes to stdout. */
  stdout?: TarWriteEntry[] | Uint8Array;
  /** tar's stderr, one frame per piece. */
  stderr?: string | (string | Uint8Array)[];
  status?: object;
}

/** A client whose exec connections play `script`: stdout, stderr, the status, then the end. */
class Exec extends BaseClient {
  readonly configuration: ClientConfiguration = { server: "https://kube.test", namespace: "from-config", tls: {} };
  readonly opened: WebSocketRequest[] = [];
  readonly connections: FakeConnection[] = [];
  constructor(private readonly script: Script = {}) {
    super();
  }
  async request(_: KubeRequest): Promise<KubeResponse> {
    throw new Error("no requests here");
  }
  stream(r: KubeRequest): Promise<KubeResponse> {
    return this.request(r);
  }
  async connectWebSocket(r: WebSocketRequest): Promise<WebSocketConnection> {
    this.opened.push(r);
    const connection = fakeConnection();
    this.connections.push(connection);
    const { stdout = [], stderr, status = success } = this.script;
    if (stdout instanceof Uint8Array) connection.push(1, stdout);
    else for await (const chunk of writeTar(stdout)) connection.push(1, chunk);
    for (const piece of stderr === undefined ? [] : Array.isArray(stderr) ? stderr : [stderr]) connection.push(2, piece);
    connection.push(3, JSON.stringify(status));
    connection.end();
    return connection;
  }
  async close(): Promise<void> {}

  get command(): string[] {
    return [...(this.opened[0]!.query ?? [])].filter(([k]) => k === "command").map(([, v]) => v);
  }
  query(key: string): string[] {
    return [...(this.opened[0]!.query ?? [])].filter(([k]) => k === key).map(([, v]) => v);
  }
  /** What the client sent on stdin (channel 0), as one byte array. */
  get stdin(): Uint8Array {
    return Buffer.concat(this.connections[0]!.sent.filter((f) => f[0] === 0).map((f) => f.subarray(1)));
  }
}

const file = (name: string, data: string, mode = 0o644): TarWriteEntry => ({ name, type: "file", mode, mtime: 0, size: Buffer.byteLength(data), data: [Buffer.from(data)] });
const directory = (name: string): TarWriteEntry => ({ name, type: "directory", mode: 0o755, mtime: 0 });
const copyError = (message: string, exitCode: number | null) => (e: unknown) =>
  e instanceof KubexCopyError && e.message === message && e.exitCode === exitCode && e.code === "KUBEX_COPY";

async function entriesOf(bytes: Uint8Array): Promise<(TarEntry & { data: string })[]> {
  const out: (TarEntry & { data: string })[] = [];
  await readTar((async function* () { yield bytes; })(), async (entry, data) => {
    let text = "";
    for await (const piece of data) text += Buffer.from(piece).toString();
    out.push({ ...entry, data: text });
  });
  return out;
}

describe("copyFromPod", () => {
  it("runs tar cf - in the remote directory on the remote name, with stdout and stderr and no stdin", async () => {
    const client = new Exec({ stdout: [file("app", "x")] });
    await copyFromPod(client, "web-0", "/var/log/app", join(fresh(), "out"), { namespace: "ns", container: "c1" });
    assert.equal(client.opened[0]!.path, "/api/v1/namespaces/ns/pods/web-0/exec");
    assert.deepEqual(client.command, ["tar", "cf", "-", "-C", "/var/log", "app"]);
    assert.deepEqual(client.query("container"), ["c1"]);
    assert.deepEqual(client.query("stdin"), []);
    assert.deepEqual(client.connections[0]!.sent.filter((f) => f[0] === 0), [], "nothing on stdin");
  });
  it("without a namespace or container, the configuration's namespace and no container", async () => {
    const client = new Exec({ stdout: [file("f", "x")] });
    await copyFromPod(client, "web-0", "/f", join(fresh(), "f"));
    assert.equal(client.opened[0]!.path, "/api/v1/namespaces/from-config/pods/web-0/exec");
    assert.deepEqual(client.query("container"), []);
    assert.equal(client.opened[0]!.signal, undefined);
  });
  it("a remote name starting with - is passed as ./name; other names as they are", async () => {
    const client = new Exec({ stdout: [file("-x", "x")] });
    await copyFromPod(client, "p", "/tmp/-x", join(fresh(), "x"));
    assert.deepEqual(client.command, ["tar", "cf", "-", "-C", "/tmp", "./-x"]);
    const plain = new Exec({ stdout: [file("a-b", "x")] });
    await copyFromPod(plain, "p", "/tmp/a-b", join(fresh(), "x"));
    assert.deepEqual(plain.command, ["tar", "cf", "-", "-C", "/tmp", "a-b"]);
  });
  it("into an existing directory the copy gets the remote name; elsewhere it gets the local path", async () => {
    const archive = [directory("app"), file("app/a.txt", "A", 0o600), directory("app/sub"), file("app/sub/b.txt", "B")];
    const into = fresh();
    await copyFromPod(new Exec({ stdout: archive }), "p", "/srv/app", into);
    assert.equal(readFileSync(join(into, "app/a.txt"), "utf8"), "A");
    assert.equal(readFileSync(join(into, "app/sub/b.txt"), "utf8"), "B");
    assert.equal(statSync(join(into, "app/a.txt")).mode & 0o777, 0o600);
    const to = join(fresh(), "renamed");
    await copyFromPod(new Exec({ stdout: archive }), "p", "/srv/app", to);
    assert.equal(readFileSync(join(to, "a.txt"), "utf8"), "A");
    assert.equal(readFileSync(join(to, "sub/b.txt"), "utf8"), "B");
  });
  it("a single file copied to a new local path is written there, not left out as outside the target", async () => {
    const single = join(fresh(), "one.txt");
    const result = await copyFromPod(new Exec({ stdout: [file("a.txt", "A")] }), "p", "/srv/a.txt", single);
    assert.deepEqual(result.skipped, []);
    assert.equal(readFileSync(single, "utf8"), "A");
    const into = fresh();
    await copyFromPod(new Exec({ stdout: [file("a.txt", "B")] }), "p", "/srv/a.txt", into);
    assert.equal(readFileSync(join(into, "a.txt"), "utf8"), "B");
  });
  it("entries left out are returned and handed to onSkipped as they are met", async () => {
    const links = await (async () => {
      const parts: Uint8Array[] = [];
      for await (const chunk of writeTar([directory("app"), file("app/ok", "1")])) parts.push(chunk);
      return Buffer.concat(parts);
    })();
    // A symbolic link and an entry outside the target, in hand-made headers before the rest.
    const linkHeader = await headerOf({ name: "app/link", flag: "2", linkName: "/etc/passwd" });
    const outside = await headerOf({ name: "../evil", flag: "0" });
    const client = new Exec({ stdout: Buffer.concat([linkHeader, outside, links]) });
    const seen: SkippedEntry[] = [];
    const result = await copyFromPod(client, "p", "/app", join(fresh(), "app"), { onSkipped: (entry) => seen.push(entry) });
    const want = [{ name: "app/link", reason: "a symbolic link" }, { name: "../evil", reason: "outside the target" }];
    assert.deepEqual(result.skipped, want);
    assert.deepEqual(seen, want);
    assert.deepEqual(await copyFromPod(new Exec({ stdout: Buffer.concat([linkHeader, links]) }), "p", "/app", join(fresh(), "app")), { skipped: [want[0]] });
  });
  it("tar's non-zero exit is a KubexCopyError with the code and tar's stderr, trimmed and capped", async () => {
    const client = new Exec({ stderr: "  tar: /nope: No such file or directory\n", status: exitWith(2) });
    await assert.rejects(copyFromPod(client, "web-0", "/nope", join(fresh(), "x")), copyError("copy from web-0:/nope: tar exited with 2: tar: /nope: No such file or directory", 2));
    assert.ok(client.connections[0]!.closes.length > 0, "the session is closed");
    const long = new Exec({ stderr: "e".repeat(3000), status: exitWith(1) });
    await assert.rejects(copyFromPod(long, "p", "/x", join(fresh(), "x")), (e: Error) => e instanceof KubexCopyError && e.message.startsWith("copy from p:/x: tar exited with 1: eee") && e.message.length < 1100);
  });
  it("tar's stderr is read across frames, a character split between two frames included", async () => {
    const client = new Exec({ stderr: ["tar: caf", Buffer.from("é").subarray(0, 1), Buffer.from("é").subarray(1), " gone"], status: exitWith(1) });
    await assert.rejects(copyFromPod(client, "p", "/x", join(fresh(), "x")), copyError("copy from p:/x: tar exited with 1: tar: café gone", 1));
  });
  it("an archive that ends inside a file's data is the protocol error it is, not a copy error", async () => {
    const whole: Uint8Array[] = [];
    for await (const chunk of writeTar([file("app", "x".repeat(2000))])) whole.push(chunk);
    const client = new Exec({ stdout: Buffer.concat(whole).subarray(0, 1000) });
    await assert.rejects(copyFromPod(client, "p", "/app", join(fresh(), "app")), (e: unknown) =>
      e instanceof KubexProtocolError && e.message === "tar: the archive ended inside app");
  });
  it("a status without an exit code is not a failure", async () => {
    const target = join(fresh(), "f");
    await copyFromPod(new Exec({ stdout: [file("f", "z")], status: { status: "Failure", message: "something" } }), "p", "/f", target);
    assert.equal(readFileSync(target, "utf8"), "z");
  });
  it("a local file system failure is a KubexCopyError naming the target and the errno, with the cause", async () => {
    const dir = fresh();
    writeFileSync(join(dir, "plain"), "");
    const target = join(dir, "plain", "below");
    await assert.rejects(copyFromPod(new Exec({ stdout: [file("f", "z")] }), "web-0", "/f", target), (e: unknown) =>
      e instanceof KubexCopyError && e.exitCode === null && e.message === `copy from web-0:/f: cannot write under ${target} (${(e.cause as NodeJS.ErrnoException).code})` && /^(EEXIST|ENOTDIR)$/.test((e.cause as NodeJS.ErrnoException).code!));
  });
  it("an aborted copy fails with the abort, not a copy error, and sends its signal along", async () => {
    const controller = new AbortController();
    const reason = new Error("stop");
    const client = new Exec({ stdout: [file("app", "1")] });
    const copying = copyFromPod(client, "p", "/app", join(fresh(), "x"), { signal: controller.signal, onSkipped: () => undefined });
    controller.abort(reason);
    await assert.rejects(copying, (e: unknown) => e instanceof KubexClientError && !(e instanceof KubexCopyError) && e.code === "KUBEX_ABORTED");
  });
  it("a remote path that is empty, not a string, or holds NUL is refused before any session", async () => {
    for (const path of ["", "/a\0b", 5 as unknown as string]) {
      const client = new Exec();
      await assert.rejects(copyFromPod(client, "p", path, fresh()), (e: unknown) =>
        e instanceof KubexArgumentError && e.argument === "remotePath" && e.message === "remotePath: must be a non-empty path without NUL characters");
      await assert.rejects(copyToPod(client, "p", fresh(), path), (e: unknown) => e instanceof KubexArgumentError && e.argument === "remotePath");
      assert.equal(client.opened.length, 0);
    }
  });
});

describe("copyToPod", () => {
  const source = () => {
    const dir = fresh();
    mkdirSync(join(dir, "site"));
    writeFileSync(join(dir, "site", "b.txt"), "B");
    writeFileSync(join(dir, "site", "a.txt"), "A");
    symlinkSync("/etc/passwd", join(dir, "site", "link"));
    return join(dir, "site");
  };
  it("sends the local tree as an archive named after the remote name, to tar xmf - in the remote directory", async () => {
    const client = new Exec();
    const seen: SkippedEntry[] = [];
    const result = await copyToPod(client, "web-0", source(), "/usr/share/html", { namespace: "ns", container: "c1", onSkipped: (entry) => seen.push(entry) });
    assert.equal(client.opened[0]!.path, "/api/v1/namespaces/ns/pods/web-0/exec");
    assert.deepEqual(client.command, ["tar", "xmf", "-", "-C", "/usr/share"]);
    assert.deepEqual(client.query("stdin"), ["true"]);
    assert.deepEqual(client.query("container"), ["c1"]);
    const sent = await entriesOf(client.stdin);
    assert.deepEqual(sent.map((e) => [e.name, e.type, e.data]), [["html/", "directory", ""], ["html/a.txt", "file", "A"], ["html/b.txt", "file", "B"]]);
    assert.deepEqual(result.skipped, [{ name: "html/link", reason: "a symbolic link" }]);
    assert.deepEqual(seen, result.skipped);
    assert.equal(client.stdin.length % (20 * 512), 0, "padded to whole records");
  });
  it("into a remote directory (a path ending with /), the copy keeps the local name", async () => {
    const client = new Exec();
    await copyToPod(client, "p", source(), "/srv/");
    assert.deepEqual(client.command, ["tar", "xmf", "-", "-C", "/srv/"]);
    assert.deepEqual((await entriesOf(client.stdin)).map((e) => e.name), ["site/", "site/a.txt", "site/b.txt"]);
    assert.equal(client.opened[0]!.path, "/api/v1/namespaces/from-config/pods/p/exec");
  });
  it("a single file is sent under the remote name", async () => {
    const dir = fresh();
    writeFileSync(join(dir, "local.txt"), "hello");
    const client = new Exec();
    await copyToPod(client, "p", join(dir, "local.txt"), "/tmp/remote.txt");
    assert.deepEqual(client.command, ["tar", "xmf", "-", "-C", "/tmp"]);
    assert.deepEqual((await entriesOf(client.stdin)).map((e) => [e.name, e.data]), [["remote.txt", "hello"]]);
  });
  it("a local path that cannot be read is a KubexArgumentError with the errno, before any session", async () => {
    const client = new Exec();
    const missing = join(fresh(), "missing");
    await assert.rejects(copyToPod(client, "p", missing, "/tmp/x"), (e: unknown) =>
      e instanceof KubexArgumentError && e.argument === "localPath" && e.message === "localPath: cannot be read (ENOENT)" && (e.cause as NodeJS.ErrnoException).code === "ENOENT");
    assert.equal(client.opened.length, 0);
  });
  it("tar's non-zero exit is a KubexCopyError with the code and tar's stderr; onSkipped is not called", async () => {
    const client = new Exec({ stderr: "tar: /ro: Read-only file system\n", status: exitWith(2) });
    const seen: SkippedEntry[] = [];
    await assert.rejects(copyToPod(client, "web-0", source(), "/ro/x", { onSkipped: (e) => seen.push(e) }), copyError("copy to web-0:/ro/x: tar exited with 2: tar: /ro: Read-only file system", 2));
    assert.deepEqual(seen, []);
    assert.ok(client.connections[0]!.closes.length > 0, "the session is closed");
  });
});

/** One hand-made header block (checksum computed), for entries writeTar does not write. */
async function headerOf(f: { name: string; flag: string; linkName?: string }): Promise<Uint8Array> {
  const block = new Uint8Array(512);
  const enc = new TextEncoder();
  block.set(enc.encode(f.name), 0);
  block.set(enc.encode("0000644\0"), 100);
  block.set(enc.encode("00000000000\0"), 124);
  block.set(enc.encode("00000000000\0"), 136);
  block.set(enc.encode(f.flag), 156);
  block.set(enc.encode(f.linkName ?? ""), 157);
  block.fill(32, 148, 156);
  let sum = 0;
  for (const b of block) sum += b;
  block.set(enc.encode(`${sum.toString(8).padStart(6, "0")}\0 `), 148);
  return block;
}
