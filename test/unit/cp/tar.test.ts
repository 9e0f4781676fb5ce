import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import fc from "fast-check";
import { KubexProtocolError } from "../../../runtime/errors.js";
import { destinationOf, extractEntry } from "../../../runtime/cp/local-files.js";
import { BLOCK, readTar, RECORD, writeTar, type TarEntry, type TarWriteEntry } from "../../../runtime/cp/tar.js";

const work = mkdtempSync(join(tmpdir(), "kubex-tar-"));
after(() => rmSync(work, { recursive: true, force: true }));

async function* chunked(bytes: Uint8Array, sizes: number[]): AsyncGenerator<Uint8Array> {
  let pos = 0;
  for (let i = 0; pos < bytes.length; i++) {
    const n = Math.max(1, sizes[i % sizes.length] ?? bytes.length);
    yield bytes.subarray(pos, pos + n);
    pos += n;
  }
}
async function collect(source: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const p of source) parts.push(p);
  return Buffer.concat(parts);
}
async function entriesOf(bytes: Uint8Array, sizes = [bytes.length]): Promise<(TarEntry & { data: string })[]> {
  const out: (TarEntry & { data: string })[] = [];
  await readTar(chunked(bytes, sizes), async (entry, data) => void out.push({ ...entry, data: Buffer.from(await collect(data)).toString("latin1") }));
  return out;
}
const tar = (args: string[], input?: Uint8Array) => spawnSync("tar", args, { cwd: work, input, maxBuffer: 1 << 26 });

describe("readTar", () => {
  it("reads what GNU tar writes (ustar, long names, pax), one byte at a time too", async () => {
    const long = `dir/${"n".repeat(150)}/${"é".repeat(60)}.txt`;
    mkdirSync(join(work, "src", long, ".."), { recursive: true });
    writeFileSync(join(work, "src", long), "long");
    writeFileSync(join(work, "src/a.txt"), "hello\n");
    symlinkSync("/etc/passwd", join(work, "src/link"));
    for (const format of ["gnu", "pax", "ustar"]) {
      const made = tar([`--format=${format}`, "-cf", "-", "src"]);
      if (format === "ustar") {
        assert.notEqual(made.status, 0, "ustar cannot hold the long name");
        continue;
      }
      assert.equal(made.status, 0, made.stderr.toString());
      for (const sizes of [[made.stdout.length], [1], [511, 513, 7]]) {
        const entries = await entriesOf(made.stdout, sizes);
        const byName = new Map(entries.map((e) => [e.name.replace(/\/$/, ""), e]));
        assert.equal(byName.get("src/a.txt")?.data, "hello\n", format);
        assert.equal(byName.get("src/a.txt")?.type, "file");
        assert.equal(byName.get(`src/${long}`)?.data, "long", `${format}: long name`);
        assert.equal(byName.get("src/link")?.type, "symlink");
        assert.equal(byName.get("src/link")?.linkName, "/etc/passwd");
        assert.equal(byName.get("src")?.type, "directory");
      }
    }
  });

  it("a corrupted header or a truncated archive is a protocol error", async () => {
    const good = await collect(writeTar([{ name: "f", type: "file", mode: 0o644, mtime: 0, size: 1000, data: [new Uint8Array(1000).fill(7)] }]));
    const corrupt = Uint8Array.from(good);
    corrupt[10] = corrupt[10]! ^ 0xff;
    await assert.rejects(entriesOf(corrupt), (e: unknown) => e instanceof KubexProtocolError && /checksum/.test(e.message));
    await assert.rejects(entriesOf(good.subarray(0, BLOCK + 100)), (e: unknown) => e instanceof KubexProtocolError && /ended inside f/.test(e.message));
    await assert.rejects(entriesOf(new TextEncoder().encode("not a tar archive at all".repeat(40))), KubexProtocolError);
  });
});

describe("writeTar", () => {
  it("GNU tar reads it back, and stops at its end without waiting for end of input", () => {
    return (async () => {
      const entries: TarWriteEntry[] = [
        { name: "out", type: "directory", mode: 0o755, mtime: 1 },
        { name: "out/x.bin", type: "file", mode: 0o640, mtime: 1, size: 3, data: [new Uint8Array([0, 255, 10])] },
        { name: `out/${"y".repeat(120)}`, type: "file", mode: 0o600, mtime: 1, size: 2, data: [new TextEncoder().encode("ok")] },
      ];
      const bytes = await collect(writeTar(entries));
      assert.equal(bytes.length % RECORD, 0, "padded to whole records");
      const listed = tar(["-tvf", "-"], bytes);
      assert.equal(listed.status, 0, listed.stderr.toString());
      mkdirSync(join(work, "extract"), { recursive: true });
      // stdin stays open, as on a v4 exec stream: tar must stop at the archive's end by itself.
      const child = spawn("tar", ["xmf", "-", "-C", "extract"], { cwd: work, stdio: ["pipe", "ignore", "inherit"] });
      child.stdin.write(bytes);
      const code = await new Promise<number | null>((resolve) => {
        const timer = setTimeout(() => (child.kill(), resolve(null)), 10_000);
        child.on("exit", (c) => (clearTimeout(timer), resolve(c)));
      });
      child.stdin.destroy();
      assert.equal(code, 0, "tar must finish at the archive's end without end of input");
      assert.deepEqual([...readFileSync(join(work, "extract/out/x.bin"))], [0, 255, 10]);
      assert.equal(readFileSync(join(work, `extract/out/${"y".repeat(120)}`), "utf8"), "ok");
    })();
  });

  it("round-trips any names and contents, in any chunking", async () => {
    const name = fc.stringMatching(/^[a-zA-Z0-9._ é-]{1,40}$/).filter((n) => n !== "." && n !== "..");
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.tuple(fc.array(name, { minLength: 1, maxLength: 5 }), fc.uint8Array({ maxLength: 3000 })), { minLength: 1, maxLength: 6, selector: ([p]) => p.join("/") }),
        fc.array(fc.integer({ min: 1, max: 2000 }), { minLength: 1, maxLength: 5 }),
        async (files, sizes) => {
          const entries: TarWriteEntry[] = files.map(([parts, data]) => ({ name: `root/${parts.join("/")}`, type: "file", mode: 0o644, mtime: 0, size: data.length, data: [data] }));
          const back = await entriesOf(await collect(writeTar(entries)), sizes);
          assert.deepEqual(back.map((e) => [e.name, e.data]), files.map(([parts, data]) => [`root/${parts.join("/")}`, Buffer.from(data).toString("latin1")]));
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe("extraction safety (kubectl's rules)", () => {
  const table: [entry: string, want: string | undefined][] = [
    ["src/a.txt", "a.txt"],
    ["./src/sub/b", "sub/b"],
    ["src", ""],
    ["src/../../etc/passwd", undefined],
    ["../x", undefined],
    ["/etc/passwd", undefined],
    ["src/sub/../../../x", undefined],
    ["src/sub/../ok", "ok"],
  ];
  for (const [entry, want] of table) {
    it(`${entry} -> ${want === undefined ? "skipped" : `target/${want}`}`, () => {
      const got = destinationOf(entry, join(work, "target"));
      assert.equal(got, want === undefined ? undefined : join(work, "target", want));
    });
  }

  it("links are never written, and a link already in the target does not carry a file outside", async () => {
    const target = join(work, "guarded");
    mkdirSync(target, { recursive: true });
    mkdirSync(join(work, "elsewhere"), { recursive: true });
    symlinkSync(join(work, "elsewhere"), join(target, "escape"));
    const file = (name: string): TarEntry => ({ name, type: "file", mode: 0o644, size: 1, linkName: "", mtime: 0 });
    const one = [new Uint8Array([65])];
    assert.deepEqual(await extractEntry(file("src/escape/evil"), one, target), { name: "src/escape/evil", reason: "outside the target" });
    assert.deepEqual(await extractEntry({ ...file("src/l"), type: "symlink", linkName: "/etc" }, [], target), { name: "src/l", reason: "a symbolic link" });
    assert.deepEqual(await extractEntry({ ...file("src/h"), type: "hardlink", linkName: "src/a" }, [], target), { name: "src/h", reason: "a hard link" });
    assert.equal(await extractEntry(file("src/fine"), one, target), undefined);
    assert.equal(readFileSync(join(target, "fine"), "utf8"), "A");
    assert.equal(spawnSync("ls", [join(work, "elsewhere")]).stdout.toString(), "");
  });
});
