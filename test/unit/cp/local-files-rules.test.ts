// The local side of cp: where an archive entry lands (kubectl's rules), what extractEntry writes
// and leaves out, and the entries localEntries reads from a file or a directory tree.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { destinationOf, extractEntry, localEntries, type SkippedEntry } from "../../../runtime/cp/local-files.js";
import type { TarEntry, TarWriteEntry } from "../../../runtime/cp/tar.js";
import { scratchDirs } from "../support/scratch.js";

const { work, fresh } = scratchDirs("kubex-local-files-");
const entry = (name: string, type: TarEntry["type"] = "file", mode = 0o644): TarEntry => ({ name, type, mode, size: 0, linkName: "", mtime: 0 });
const bytes = (text: string) => [new TextEncoder().encode(text)];

describe("destinationOf", () => {
  const target = join(work, "t");
  const table: [string, string | undefined][] = [
    ["name", ""],
    ["./name", ""],
    ["name/", ""],
    ["name/./a//b", "a/b"],
    ["name/a/..", ""],
    ["name/..", ""],
    ["..", undefined],
    ["../", undefined],
    ["..x/a", "a"],
    ["/abs/a", undefined],
    ["./../a", undefined],
    ["name/a/../../b", ""],
    [".", ""],
  ];
  for (const [name, want] of table) {
    it(`${JSON.stringify(name)} -> ${want === undefined ? "outside" : JSON.stringify(want)}`, () => {
      assert.equal(destinationOf(name, target), want === undefined ? undefined : join(target, want));
    });
  }
  it("a relative target is resolved", () => {
    assert.equal(destinationOf("n/a", "rel"), join(process.cwd(), "rel", "a"));
  });
});

describe("extractEntry", () => {
  it("links and other types are left out without touching the file system, each with its reason", async () => {
    const target = join(fresh(), "t");
    for (const [type, reason] of [["symlink", "a symbolic link"], ["hardlink", "a hard link"], ["other", "not a file or directory"]] as const) {
      assert.deepEqual(await extractEntry(entry(`t/${type}`, type), [], target), { name: `t/${type}`, reason });
    }
    assert.equal(existsSync(target), false);
    assert.deepEqual(await extractEntry(entry("../x"), bytes("x"), target), { name: "../x", reason: "outside the target" });
    assert.equal(existsSync(target), false);
  });
  it("a directory is created with its parents; a file gets its data and its permission bits only", async () => {
    const target = join(fresh(), "t");
    assert.equal(await extractEntry(entry("t/a/b", "directory", 0o700), [], target), undefined);
    assert.ok(statSync(join(target, "a/b")).isDirectory());
    assert.equal(await extractEntry(entry("t/a/f", "file", 0o104751), bytes("one"), target), undefined);
    assert.equal(readFileSync(join(target, "a/f"), "utf8"), "one");
    assert.equal(statSync(join(target, "a/f")).mode & 0o7777, 0o751);
    assert.equal(await extractEntry(entry("t/deep/er/g", "file", 0o600), [new Uint8Array([1]), new Uint8Array([2, 3])], target), undefined);
    assert.deepEqual([...readFileSync(join(target, "deep/er/g"))], [1, 2, 3]);
    assert.equal(statSync(join(target, "deep/er/g")).mode & 0o777, 0o600);
  });
  it("a file replaces one already there; its mode is set even where the umask would drop bits", async () => {
    const target = fresh();
    writeFileSync(join(target, "f"), "old content");
    assert.equal(await extractEntry(entry("t/f", "file", 0o777), bytes("new"), target), undefined);
    assert.equal(readFileSync(join(target, "f"), "utf8"), "new");
    assert.equal(statSync(join(target, "f")).mode & 0o777, 0o777);
  });
  it("a link already in the target is never followed: not as a directory, not as the file itself", async () => {
    const target = fresh();
    const elsewhere = fresh();
    writeFileSync(join(elsewhere, "victim"), "safe");
    symlinkSync(elsewhere, join(target, "dir-link"));
    symlinkSync(join(elsewhere, "victim"), join(target, "file-link"));
    assert.deepEqual(await extractEntry(entry("t/dir-link/x"), bytes("evil"), target), { name: "t/dir-link/x", reason: "outside the target" });
    assert.deepEqual(await extractEntry(entry("t/dir-link", "directory"), [], target), { name: "t/dir-link", reason: "outside the target" });
    assert.deepEqual(await extractEntry(entry("t/file-link"), bytes("evil"), target), { name: "t/file-link", reason: "outside the target" });
    assert.equal(readFileSync(join(elsewhere, "victim"), "utf8"), "safe");
    assert.equal(existsSync(join(elsewhere, "x")), false);
  });
  it("a link in the target that points at the target's parent does not carry a file there", async () => {
    const outer = fresh();
    const target = join(outer, "t");
    mkdirSync(target);
    symlinkSync(outer, join(target, "up"));
    assert.deepEqual(await extractEntry(entry("t/up/x"), bytes("evil"), target), { name: "t/up/x", reason: "outside the target" });
    assert.equal(existsSync(join(outer, "x")), false);
  });
  it("every file it opens is closed", async () => {
    const target = fresh();
    const open = () => readdirSync("/proc/self/fd").length;
    const before = open();
    for (let i = 0; i < 5; i++) assert.equal(await extractEntry(entry(`t/f${i}`), bytes("x"), target), undefined);
    assert.equal(open(), before);
  });
  it("a target reached through a link is used as it is", async () => {
    const real = fresh();
    const link = join(fresh(), "link");
    symlinkSync(real, link);
    assert.equal(await extractEntry(entry("t/a"), bytes("A"), link), undefined);
    assert.equal(readFileSync(join(real, "a"), "utf8"), "A");
  });
  it("a single file lands at the target itself, also beside other files, but never through a link there", async () => {
    const dir = fresh();
    writeFileSync(join(dir, "other"), "o");
    assert.equal(await extractEntry(entry("a.txt"), bytes("A"), join(dir, "copy.txt")), undefined);
    assert.equal(readFileSync(join(dir, "copy.txt"), "utf8"), "A");
    symlinkSync(join(dir, "other"), join(dir, "linked"));
    assert.deepEqual(await extractEntry(entry("a.txt"), bytes("B"), join(dir, "linked")), { name: "a.txt", reason: "outside the target" });
    assert.equal(readFileSync(join(dir, "other"), "utf8"), "o");
  });
});

async function all(path: string, name: string): Promise<{ entries: Omit<TarWriteEntry, "data">[]; data: string[]; skipped: SkippedEntry[] }> {
  const skipped: SkippedEntry[] = [];
  const entries: Omit<TarWriteEntry, "data">[] = [];
  const data: string[] = [];
  for await (const e of localEntries(path, name, skipped)) {
    const { data: source, ...rest } = e;
    entries.push(rest);
    if (source) {
      let text = "";
      for await (const piece of source) text += Buffer.from(piece).toString();
      data.push(text);
    }
  }
  return { entries, data, skipped };
}

describe("localEntries", () => {
  it("a file is one entry under the given name, with its mode, size, mtime in seconds and data", async () => {
    const dir = fresh();
    writeFileSync(join(dir, "f.txt"), "hello", { mode: 0o640 });
    utimesSync(join(dir, "f.txt"), 1000, 1234.5);
    const { entries, data, skipped } = await all(join(dir, "f.txt"), "renamed.txt");
    assert.deepEqual(entries, [{ name: "renamed.txt", type: "file", mode: statSync(join(dir, "f.txt")).mode, mtime: 1234.5, size: 5 }]);
    assert.equal(entries[0]!.mode & 0o777, 0o640);
    assert.deepEqual(data, ["hello"]);
    assert.deepEqual(skipped, []);
  });
  it("a directory first, then its children sorted by name, depth first; links and devices reported", async () => {
    const dir = join(fresh(), "src");
    mkdirSync(dir);
    // Sorted as JavaScript strings (UTF-16 code units): node lists a directory in byte order on
    // POSIX systems, which puts the fullwidth "ｚ" (EF BD 9A) before "😀" (F0 9F 98 80).
    const names = ["ｚ", "😀"];
    for (const name of names) writeFileSync(join(dir, name), name);
    mkdirSync(join(dir, "b-dir"), { recursive: true });
    writeFileSync(join(dir, "c"), "C");
    writeFileSync(join(dir, "a"), "A");
    writeFileSync(join(dir, "b-dir", "inner"), "I");
    symlinkSync("/etc/passwd", join(dir, "b-link"));
    const fifo = spawnSync("mkfifo", [join(dir, "d-fifo")]);
    assert.equal(fifo.status, 0, "mkfifo is available");
    const { entries, data, skipped } = await all(dir, "copy");
    assert.deepEqual(entries.map((e) => [e.name, e.type]), [["copy", "directory"], ["copy/a", "file"], ["copy/b-dir", "directory"], ["copy/b-dir/inner", "file"], ["copy/c", "file"], ["copy/😀", "file"], ["copy/ｚ", "file"]]);
    assert.deepEqual(data, ["A", "I", "C", "😀", "ｚ"]);
    assert.deepEqual(skipped, [{ name: "copy/b-link", reason: "a symbolic link" }, { name: "copy/d-fifo", reason: "not a file or directory" }]);
    assert.equal(entries[0]!.mtime, statSync(dir).mtimeMs / 1000);
    assert.equal(entries[0]!.mode, statSync(dir).mode);
    assert.equal(entries[0]!.size, undefined);
  });
  it("a link given as the path itself is reported and yields nothing", async () => {
    const dir = fresh();
    const link = join(fresh(), "self-link");
    symlinkSync(dir, link);
    const { entries, skipped } = await all(link, "x");
    assert.deepEqual(entries, []);
    assert.deepEqual(skipped, [{ name: "x", reason: "a symbolic link" }]);
  });
});
