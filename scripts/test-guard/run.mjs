// Runs test files with node's test runner, one file at a time, and checks afterwards that every
// test the files define was reported (check.mjs). The human report goes to stdout as usual.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkRun } from "./check.mjs";

const here = new URL(".", import.meta.url);

// A runner started from inside a test file must not inherit that file's place in its own runner.
function runnerEnv(census) {
  const env = { ...process.env, KUBEX_TEST_CENSUS: census };
  delete env.NODE_TEST_CONTEXT;
  return env;
}

/**
 * @param {string[]} files test files, relative to cwd
 * @param {{ cwd: string, nodeArgs?: string[], stdio?: "inherit" | "pipe" }} options
 *   nodeArgs: flags for node before --test (e.g. --import tsx), and runner flags
 * @returns {{ status: number, runnerStatus: number | null, problems: string[], output: string }}
 */
export function runGuarded(files, { cwd, nodeArgs = [], stdio = "inherit" }) {
  const dir = mkdtempSync(join(tmpdir(), "kubex-test-guard-"));
  const census = join(dir, "census.jsonl");
  const ledger = join(dir, "ledger.jsonl");
  try {
    const r = spawnSync(
      process.execPath,
      [
        ...nodeArgs,
        "--import", new URL("census.mjs", here).href,
        "--test",
        "--test-reporter=spec", "--test-reporter-destination=stdout",
        `--test-reporter=${new URL("ledger.mjs", here).href}`, `--test-reporter-destination=${ledger}`,
        ...files,
      ],
      { cwd, stdio: stdio === "inherit" ? "inherit" : ["ignore", "pipe", "pipe"], encoding: "utf8", env: runnerEnv(census) },
    );
    const read = (path) => (existsSync(path) ? readFileSync(path, "utf8") : "");
    const problems = checkRun({ files, census: read(census), ledger: read(ledger), cwd });
    const status = r.status === 0 && problems.length === 0 ? 0 : r.status || 1;
    return { status, runnerStatus: r.status, problems, output: `${r.stdout ?? ""}${r.stderr ?? ""}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
