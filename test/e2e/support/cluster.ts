/**
 * The cluster the e2e suite runs against: the one named by KUBEX_E2E_KUBECONFIG
 * (kind, a real cluster), else the project's local control plane (.cluster/env,
 * started by scripts/cluster/ensure.sh). Where neither exists the suite is
 * skipped with the reason, except under CI=true, where that is a failure.
 * Under CI=true the suite runs against the local control plane only: another
 * cluster would skip the kwok-specific tests and assertions.
 */
import { execFile, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { after, type TestContext } from "node:test";
import { parse } from "yaml";

export interface E2ECluster {
  /** Admin kubeconfig (client certificate on the local cluster). */
  readonly kubeconfig: string;
  /** The API server URL of the kubeconfig's current context. */
  readonly server: string;
  /** Bearer-token kubeconfig with admin rights, when the cluster provides one. */
  readonly tokenKubeconfig?: string;
  /** Bearer-token kubeconfig of a user with no permissions, when the cluster provides one. */
  readonly viewerKubeconfig?: string;
  /** A node that runs pods (a kwok node on the local cluster). */
  readonly node?: string;
  readonly kubectlPath: string;
  /** Directory of the kwok files (logs, attach), local cluster only. */
  readonly kwokDir?: string;
  /** The loopback TCP echo server every kwok port-forward reaches, local cluster only. */
  readonly echoPort?: number;
  /** The state directory of the local control plane (its env, pid files and logs). */
  readonly stateDir?: string;
  readonly local: boolean;
}

const root = new URL("../../..", import.meta.url).pathname;
const stateDir = resolve(root, process.env.KUBEX_CLUSTER_DIR ?? ".cluster");
const envFile = join(stateDir, "env");

function readEnvFile(path: string): Record<string, string> {
  const entries = readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.includes("="))
    .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)] as const);
  return Object.fromEntries(entries);
}

let cached: Promise<E2ECluster | { skip: string }> | undefined;

/** The cluster to test against, or why there is none. Under CI=true a missing cluster throws. */
export function e2eCluster(): Promise<E2ECluster | { skip: string }> {
  cached ??= locate().then((found) => {
    if ("skip" in found && process.env.CI === "true") throw new Error(`e2e suite cannot run under CI: ${found.skip}`);
    return found;
  });
  return cached;
}

/** The server URL of a kubeconfig's current context. */
function serverOf(kubeconfig: string): string {
  const config = parse(readFileSync(kubeconfig, "utf8")) as {
    "current-context"?: string;
    contexts?: { name: string; context: { cluster: string } }[];
    clusters?: { name: string; cluster: { server: string } }[];
  };
  const context = config.contexts?.find((c) => c.name === config["current-context"]) ?? config.contexts?.[0];
  const cluster = config.clusters?.find((c) => c.name === context?.context.cluster) ?? config.clusters?.[0];
  if (!cluster) throw new Error(`no cluster in ${kubeconfig}`);
  return cluster.cluster.server;
}

async function locate(): Promise<E2ECluster | { skip: string }> {
  const given = process.env.KUBEX_E2E_KUBECONFIG;
  // A given kubeconfig wins, unless it is the local cluster's own (e.g. .cluster/env sourced into the shell).
  const localKubeconfig = join(stateDir, "admin.kubeconfig");
  if (given && resolve(given) !== localKubeconfig) {
    if (process.env.CI === "true") throw new Error(`under CI the e2e suite runs against the local control plane: unset KUBEX_E2E_KUBECONFIG (${given})`);
    if (!existsSync(given)) return { skip: `KUBEX_E2E_KUBECONFIG=${given} does not exist` };
    const kubectlPath = process.env.KUBEX_E2E_KUBECTL ?? "kubectl";
    return { kubeconfig: given, server: serverOf(given), kubectlPath, node: process.env.KUBEX_E2E_NODE, local: false };
  }
  if (!existsSync(envFile) || spawnSync("bash", [join(root, "scripts/cluster/status.sh")]).status !== 0) {
    if (spawnSync("go", ["version"]).status !== 0) return { skip: "no cluster given (KUBEX_E2E_KUBECONFIG) and Go is not installed to build the local one" };
    const r = spawnSync("bash", [join(root, "scripts/cluster/ensure.sh")], { encoding: "utf8" });
    if (r.status !== 0) return { skip: `the local control plane did not start: ${r.stderr.trim().split("\n").slice(-3).join(" / ")}` };
  }
  const env = readEnvFile(envFile);
  return {
    kubeconfig: env.KUBEX_E2E_KUBECONFIG!,
    server: env.KUBEX_E2E_SERVER!,
    tokenKubeconfig: env.KUBEX_E2E_TOKEN_KUBECONFIG,
    viewerKubeconfig: env.KUBEX_E2E_VIEWER_KUBECONFIG,
    node: env.KUBEX_E2E_NODE,
    kubectlPath: env.KUBEX_E2E_KUBECTL ?? "kubectl",
    kwokDir: env.KUBEX_E2E_KWOK_DIR,
    echoPort: env.KUBEX_E2E_ECHO_PORT ? Number(env.KUBEX_E2E_ECHO_PORT) : undefined,
    stateDir,
    local: true,
  };
}

export interface CommandResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
}

/** Runs kubectl against the cluster; never throws on a non-zero exit. */
export function kubectl(cluster: E2ECluster, args: readonly string[], options: { input?: string; timeoutMs?: number } = {}): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = execFile(
      cluster.kubectlPath,
      ["--kubeconfig", cluster.kubeconfig, ...args],
      { timeout: options.timeoutMs ?? 60_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ stdout, stderr, code });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/** A namespace name unique to this run. */
export function uniqueNamespace(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

/** Creates a namespace unique to this run, deleted (without waiting) when the test ends. */
export async function withNamespace(t: TestContext, cluster: E2ECluster, prefix: string): Promise<string> {
  const name = uniqueNamespace(prefix);
  const r = await kubectl(cluster, ["create", "namespace", name]);
  if (r.code !== 0) throw new Error(`kubectl create namespace ${name}: ${r.stderr}`);
  t.after(() => kubectl(cluster, ["delete", "namespace", name, "--wait=false", "--ignore-not-found"]));
  return name;
}

/** The last lines of every component log of the local cluster, to print when a test failed. */
export function componentLogTails(lines = 20): string {
  const dir = join(stateDir, "logs");
  if (!existsSync(dir)) return "";
  return readdirSync(dir)
    .map((name) => {
      const text = readFileSync(join(dir, name), "utf8").trimEnd().split("\n").slice(-lines).join("\n");
      return `--- ${name} (last ${lines} lines)\n${text}`;
    })
    .join("\n");
}

/** Registers an `after` hook that prints the component logs when any test of the file failed. */
export function printLogsOnFailure(): void {
  let failed = false;
  process.on("exit", () => {
    if (failed || process.exitCode) console.error(componentLogTails());
  });
  after(() => {
    failed = process.exitCode !== undefined && process.exitCode !== 0;
  });
}
