// A scratch directory per test file, removed when the file's tests end; `fresh()` gives a new empty subdirectory.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after } from "node:test";

export function scratchDirs(prefix: string): { readonly work: string; fresh(): string } {
  const work = mkdtempSync(join(tmpdir(), prefix));
  after(() => rmSync(work, { recursive: true, force: true }));
  let dirs = 0;
  return {
    work,
    fresh() {
      const dir = join(work, `d${dirs++}`);
      mkdirSync(dir);
      return dir;
    },
  };
}
