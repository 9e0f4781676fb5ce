// The control plane build's progress lines: numbered steps with their elapsed time, a failure
// naming the step and its log, and the total at the end.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { test } from "node:test";
import assert from "node:assert/strict";

const root = new URL("../..", import.meta.url).pathname;

function build(script: string) {
  const dir = mkdtempSync(join(tmpdir(), "kubex-progress-"));
  const source = `source scripts/cluster/lib.sh; source scripts/cluster/progress.sh; log_file=${dir}/build.log\n${script}`;
  return { ...spawnSync("bash", ["-c", source], { cwd: root, encoding: "utf8", env: { ...process.env, KUBEX_CACHE: dir } }), log: join(dir, "build.log") };
}

test("each build step is one numbered line ending with its elapsed time, then the total and a hint", () => {
  const r = build(`steps_total=2; step "etcd v1: modules" "$log_file" echo fetched; step "etcd v1: compiling" "$log_file" true; steps_done /cache`);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stderr.trimEnd().split("\n");
  assert.equal(lines.length, 3, r.stderr);
  assert.match(lines[0]!, /^cluster: \[1\/2\] etcd v1: modules … \d+ s$/);
  assert.match(lines[1]!, /^cluster: \[2\/2\] etcd v1: compiling … \d+ s$/);
  assert.match(lines[2]!, /^cluster: binaries ready in \/cache: built in 0 min \d+ s; the next start reuses them and takes seconds$/);
  assert.equal(readFileSync(r.log, "utf8"), "fetched\n", "a step's own output goes to the log, not the terminal");
});

test("a failed step ends its line, names the step and the log, and stops the build", () => {
  const r = build(`steps_total=2; step "kwok v1: compiling" "$log_file" false; echo never`);
  assert.equal(r.status, 1);
  assert.deepEqual(r.stderr.trimEnd().split("\n"), ["cluster: [1/2] kwok v1: compiling … failed", `cluster: kwok v1: compiling: 'false' failed; see ${r.log}`]);
  assert.doesNotMatch(r.stdout, /never/);
});

test("with everything cached there is no step and the last line says so", () => {
  const r = build(`steps_done /cache`);
  assert.equal(r.stderr, "cluster: binaries ready in /cache (cached)\n");
});

test("a cold build of the control plane counts its six steps across the three components", () => {
  // A stand-in `go` that answers every call at once: what is checked is build.sh's flow, not Go.
  const dir = mkdtempSync(join(tmpdir(), "kubex-cold-"));
  const fakeBin = join(dir, "bin");
  const mod = join(dir, "mod");
  mkdirSync(fakeBin);
  for (const stage of ["node/fast/node-initialize", "node/heartbeat/node-heartbeat", "pod/fast/pod-ready", "pod/fast/pod-complete", "pod/fast/pod-delete"]) {
    mkdirSync(dirname(join(mod, "kustomize/stage", stage)), { recursive: true });
    writeFileSync(join(mod, "kustomize/stage", `${stage}.yaml`), "");
  }
  writeFileSync(join(mod, "go.mod"), "module k8s.io/kubernetes\n\ngo 1.25.0\n");
  writeFileSync(join(fakeBin, "go"), `#!/bin/sh\nif [ "$1 $2 $3" = "mod download -json" ]; then printf '{\\n"GoMod": "%s",\\n"Dir": "%s"\\n}\\n' "${mod}/go.mod" "${mod}"; fi\nexit 0\n`, { mode: 0o755 });
  const r = spawnSync("bash", ["scripts/cluster/build.sh"], { cwd: root, encoding: "utf8", env: { ...process.env, KUBEX_CACHE: join(dir, "cache"), PATH: `${fakeBin}:${process.env.PATH}` } });
  assert.equal(r.status, 0, r.stderr);
  const steps = r.stderr.split("\n").filter((line) => line.startsWith("cluster: ["));
  assert.deepEqual(
    steps.map((line) => line.replace(/ … \d+ s$/, "")),
    [
      "cluster: [1/6] kubernetes v1.35.4: modules",
      "cluster: [2/6] kubernetes v1.35.4: compiling kube-apiserver, kube-controller-manager, kube-scheduler, kubectl (the longest step)",
      "cluster: [3/6] etcd v3.6.16: modules",
      "cluster: [4/6] etcd v3.6.16: compiling",
      "cluster: [5/6] kwok v0.8.0: modules",
      "cluster: [6/6] kwok v0.8.0: compiling",
    ],
  );
  assert.match(r.stderr.trimEnd().split("\n").at(-1)!, /binaries ready in .*: built in 0 min \d+ s; the next start reuses them and takes seconds$/);
});
