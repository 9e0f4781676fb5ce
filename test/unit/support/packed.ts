/**
 * The two published packages as tarballs: `kubex` (the runtime) and `kubex-gen` (the generator).
 * Packing builds both (prepack), which is the slow part; the tarballs are kept in the temporary
 * directory under a hash of everything the builds read, so the test files that need them share one build.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("../../..", import.meta.url).pathname;
/** What the two builds read; a change to any of them packs again. */
const inputs = ["runtime", "generated", "codegen", "packages/kubex-gen", "scripts/build.mjs", "scripts/type-stubs.mjs", "scripts/k8s-versions.json", "package.json", "README.md", "LICENSE", "tsconfig.base.json", "tsconfig.build.json", "tsconfig.build.cjs.json"];

export interface PackedFile {
  readonly path: string;
  readonly size: number;
}

export interface Packed {
  /** The tarball's path. */
  readonly tarball: string;
  readonly files: readonly PackedFile[];
  /** Bytes of the tarball, and of its files unpacked. */
  readonly size: number;
  readonly unpackedSize: number;
}

function inputsHash(): string {
  const listed = spawnSync("git", ["ls-files", "-co", "--exclude-standard", "-z", "--", ...inputs], { cwd: root, encoding: "utf8" });
  if (listed.status !== 0) throw new Error(`git ls-files: ${listed.stderr}`);
  const hash = createHash("sha256");
  for (const file of listed.stdout.split("\0").filter(Boolean).sort()) {
    if (!existsSync(join(root, file))) continue;
    hash.update(`${file}\0`).update(readFileSync(join(root, file))).update("\0");
  }
  return hash.digest("hex").slice(0, 16);
}

function pack(dir: string, into: string): Packed {
  const r = spawnSync("npm", ["pack", "--json", "--pack-destination", into], { cwd: dir, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`npm pack in ${dir}: ${r.stderr}`);
  const [info] = JSON.parse(r.stdout) as [{ filename: string; size: number; unpackedSize: number; files: PackedFile[] }];
  return { tarball: join(into, info.filename), files: info.files, size: info.size, unpackedSize: info.unpackedSize };
}

/** Packs both packages, or returns the tarballs packed from the same inputs before. */
export function packed(): { kubex: Packed; generator: Packed } {
  const dir = join(tmpdir(), `kubex-packed-${inputsHash()}`);
  const manifest = join(dir, "packed.json");
  if (existsSync(manifest)) return JSON.parse(readFileSync(manifest, "utf8")) as { kubex: Packed; generator: Packed };
  const staging = `${dir}.${process.pid}`;
  mkdirSync(staging, { recursive: true });
  // kubex first: the generator's build compiles against kubex's declarations.
  const kubex = pack(root, staging);
  const generator = pack(join(root, "packages/kubex-gen"), staging);
  const result = {
    kubex: { ...kubex, tarball: join(dir, kubex.tarball.slice(staging.length + 1)) },
    generator: { ...generator, tarball: join(dir, generator.tarball.slice(staging.length + 1)) },
  };
  writeFileSync(join(staging, "packed.json"), JSON.stringify(result));
  renameSync(staging, dir);
  return result;
}
