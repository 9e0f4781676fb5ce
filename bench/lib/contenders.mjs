// The contenders, each a separate process so only one library is loaded per measurement.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/** The venv's python with kubex installed, or undefined with a note pushed to `notes`. */
export function pythonKubex(notes) {
  const venv = join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "kubex/bench-venv");
  const py = join(venv, "bin/python");
  if (!existsSync(py)) {
    const python = ["python3", "python"].find((p) => spawnSync(p, ["--version"]).status === 0);
    if (!python) { notes.push("Python kubex skipped: no python3 on PATH."); return undefined; }
    console.log(`creating ${venv} (kubex from PyPI)`);
    const made = spawnSync(python, ["-m", "venv", venv], { stdio: "inherit" });
    const pip = made.status === 0 && spawnSync(join(venv, "bin/pip"), ["install", "-q", "--pre", "kubex[aiohttp]", "kubex-k8s-1-35"], { stdio: "inherit" });
    if (!pip || pip.status !== 0) { notes.push("Python kubex skipped: the virtual environment or pip install failed."); return undefined; }
  }
  if (spawnSync(py, ["-c", "import kubex, aiohttp"]).status !== 0) { notes.push(`Python kubex skipped: ${venv} lacks kubex or aiohttp.`); return undefined; }
  return py;
}

/** [{ name, cmd, backend? }] narrowed by BENCH_ONLY; `py` is pythonKubex()'s answer. */
export function contenders(py) {
  const node = process.execPath;
  const all = [
    { name: "floor", cmd: [node, "bench/contenders/floor.mjs"] },
    { name: "floor-dispatch", cmd: [node, "bench/contenders/floor-dispatch.mjs"] },
    { name: "kubex-undici", cmd: [node, "bench/contenders/kubex.mjs"], backend: "undici" },
    { name: "kubex-fetch", cmd: [node, "bench/contenders/kubex.mjs"], backend: "fetch" },
    { name: "client-node", cmd: [node, "bench/contenders/client-node.mjs"] },
  ];
  // BENCH_KUBEX_ALT=<dist/esm of another build>: that build as one more contender.
  if (process.env.BENCH_KUBEX_ALT) all.push({ name: "kubex-undici-alt", cmd: [node, "bench/contenders/kubex.mjs"], backend: "undici", env: { KUBEX_DIST: process.env.BENCH_KUBEX_ALT } });
  if (py) all.push({ name: "python-kubex", cmd: [py, "bench/contenders/python_kubex.py"] });
  const only = process.env.BENCH_ONLY?.split(",");
  return all.filter((c) => !only || only.includes(c.name));
}
