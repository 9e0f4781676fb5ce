// The control plane build's progress lines: numbered steps with their elapsed time, a failure
// naming the step and its log, and the total at the end.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
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

// The demo's ending, with stand-in cluster scripts and quick-start: what it stops, what it leaves.
function demoIn(options: { runningPid?: number; restartedPid?: number; quickstartExit?: number; args?: readonly string[]; env?: Readonly<Record<string, string>> }) {
  const dir = mkdtempSync(join(tmpdir(), "kubex-demo-"));
  mkdirSync(join(dir, "scripts/cluster"), { recursive: true });
  mkdirSync(join(dir, "examples"));
  writeFileSync(join(dir, "scripts/demo.sh"), readFileSync(join(root, "scripts/demo.sh")));
  const state = join(dir, "state");
  mkdirSync(join(state, "pids"), { recursive: true });
  if (options.runningPid) writeFileSync(join(state, "pids/kube-apiserver.pid"), `${options.runningPid}\n`);
  writeFileSync(join(dir, "scripts/cluster/ensure.sh"), `echo "KUBEX_E2E_KUBECONFIG=${state}/admin.kubeconfig" > "${state}/env"\necho ensure >> "${dir}/calls"\n${options.restartedPid ? `echo ${options.restartedPid} > "${state}/pids/kube-apiserver.pid"\n` : ""}`);
  writeFileSync(join(dir, "scripts/cluster/down.sh"), `echo "down $KUBEX_CLUSTER_DIR" >> "${dir}/calls"\n`);
  writeFileSync(join(dir, "examples/quickstart.ts"), `console.log("quickstart with " + process.env.KUBECONFIG); process.exit(${options.quickstartExit ?? 0});\n`);
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"));
  const env: NodeJS.ProcessEnv = { ...process.env, KUBEX_DEMO_LOCAL: "1", KUBEX_CLUSTER_DIR: state, ...options.env };
  if (!options.env?.KUBEX_DEMO_KEEP) delete env.KUBEX_DEMO_KEEP;
  const r = spawnSync("bash", [join(dir, "scripts/demo.sh"), ...(options.args ?? [])], { encoding: "utf8", env });
  const calls = existsSync(join(dir, "calls")) ? readFileSync(join(dir, "calls"), "utf8").trim().split("\n") : [];
  return { ...r, state, calls, last: r.stdout.trimEnd().split("\n").at(-1) };
}

test("the demo stops a control plane it started, and says nothing is left running", () => {
  const r = demoIn({});
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`quickstart with ${r.state}/admin.kubeconfig`));
  assert.deepEqual(r.calls, ["ensure", `down ${r.state}`]);
  assert.equal(r.last, "demo: stopped the local control plane it started; nothing is left running (keep it next time: npm run demo -- --keep, or KUBEX_DEMO_KEEP=1)");
});

for (const [how, options] of [["--keep", { args: ["--keep"] }], ["KUBEX_DEMO_KEEP=1", { env: { KUBEX_DEMO_KEEP: "1" } }]] as const) {
  test(`with ${how} the demo leaves the control plane it started running and says how to stop it`, () => {
    const r = demoIn(options);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.calls, ["ensure"]);
    assert.equal(r.last, `demo: the local control plane the demo started still runs (kube-apiserver, etcd, kwok; ${r.state}); stop it with: KUBEX_CLUSTER_DIR=${r.state} bash scripts/cluster/down.sh`);
  });
}

test("the demo never stops a control plane whose API server was alive before it (even one restarted as unhealthy), even when the quick-start fails", () => {
  const r = demoIn({ runningPid: process.pid, restartedPid: 999_999_999, quickstartExit: 3 });
  assert.equal(r.status, 3);
  assert.deepEqual(r.calls, ["ensure"]);
  assert.match(r.last!, /^demo: the local control plane was already running and still runs .*; stop it with: KUBEX_CLUSTER_DIR=.* bash scripts\/cluster\/down\.sh$/);
});

test("a failing quick-start still stops the control plane the demo started, and keeps its exit code", () => {
  const r = demoIn({ quickstartExit: 4 });
  assert.equal(r.status, 4);
  assert.deepEqual(r.calls, ["ensure", `down ${r.state}`]);
});
