// What the fault tests share: the fault commands, a loopback TCP proxy that can cut
// a client off, and a writer that keeps a ledger of the final state it produced.
import { execFile } from "node:child_process";
import { createServer, connect, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { AlreadyExists, Api, KubexApiError } from "../../runtime/index.js";
import { Namespace, ServiceAccount } from "../../generated/k8s/v1_35/core/v1/index.js";
import { uniqueNamespace, type E2ECluster } from "./support/cluster.js";
import { clientFor, eventually } from "./support/clients.js";

const root = new URL("../..", import.meta.url).pathname;

/**
 * Fault tests kill and freeze the API server, so they run only on a local control
 * plane of this checkout, or on a shared one when KUBEX_E2E_FAULTS=1 says so.
 */
export function faultsAllowed(local: boolean): string | undefined {
  if (!local) return "fault tests need the local control plane (they kill its API server)";
  if (process.env.KUBEX_CLUSTER_DIR && process.env.KUBEX_E2E_FAULTS !== "1") {
    return "KUBEX_CLUSTER_DIR names a cluster others may share; set KUBEX_E2E_FAULTS=1 to kill its API server anyway";
  }
  return undefined;
}

/** Runs scripts/cluster/fault.sh; resolves to its output, rejects with its stderr. */
export function fault(...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile("bash", [`${root}scripts/cluster/fault.sh`, ...args], { cwd: root, timeout: 120_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`fault.sh ${args.join(" ")}: ${stderr.trim() || error.message}`));
      else resolve(stdout.trim());
    });
  });
}

/**
 * Puts the API server back as up.sh started it. The controllers back off after the API
 * server's restarts (it refuses them while its RBAC warms up), so they are restarted too,
 * and this ends only when a new namespace gets its default ServiceAccount again: the files
 * after a fault file create pods at once.
 */
export async function restoreControlPlane(cluster: E2ECluster): Promise<void> {
  const problems: string[] = [];
  await fault("restart", "kube-apiserver").catch((e: Error) => problems.push(e.message));
  for (const component of ["kube-controller-manager", "kube-scheduler"]) await fault("restart", component).catch((e: Error) => problems.push(e.message));
  await using client = await clientFor(cluster, "undici");
  const namespaces = new Api(Namespace, { client });
  const probe = uniqueNamespace("faults-recovered");
  try {
    // Until the API server answers again and the controllers have caught up.
    await eventually(`the default ServiceAccount of a new namespace${problems.length ? ` (${problems.join("; ")})` : ""}`, async () => {
      try {
        await namespaces.create({ metadata: { name: probe } }).catch((e: unknown) => {
          if (!(e instanceof AlreadyExists)) throw e;
        });
        return await new Api(ServiceAccount, { client, namespace: probe }).get("default").then(() => true);
      } catch {
        return undefined;
      }
    }, 90_000);
  } finally {
    await namespaces.delete(probe).catch(() => {});
  }
}

/** A loopback TCP proxy to `port`; `cut()` drops every connection and refuses new ones until `restore()`. */
export class CuttableProxy {
  private readonly sockets = new Set<Socket>();
  private refusing = false;
  private constructor(private readonly server: Server) {}

  static async start(port: number): Promise<CuttableProxy> {
    let proxy!: CuttableProxy;
    const server = createServer((client) => {
      if (proxy.refusing) return void client.destroy();
      const upstream = connect(port, "127.0.0.1");
      for (const s of [client, upstream]) {
        proxy.sockets.add(s);
        s.on("close", () => proxy.sockets.delete(s));
        s.on("error", () => {});
      }
      client.pipe(upstream).pipe(client);
      client.on("close", () => upstream.destroy());
      upstream.on("close", () => client.destroy());
    });
    proxy = new CuttableProxy(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return proxy;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  cut(): void {
    this.refusing = true;
    for (const s of this.sockets) s.destroy();
  }

  restore(): void {
    this.refusing = false;
  }

  close(): Promise<void> {
    this.cut();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * A loopback TCP proxy to `port` that resets the next `cuts` connections once `afterBytes`
 * of the server's bytes (TLS included) have passed: far enough for the reply's headers,
 * not for a large body. TLS stays end to end; the client sees ECONNRESET mid-response.
 */
export class ResettingProxy {
  cuts = 0;
  /** Connections reset so far. */
  resets = 0;
  private readonly sockets = new Set<Socket>();
  private constructor(private readonly server: Server, readonly afterBytes: number) {}

  static async start(port: number, afterBytes: number): Promise<ResettingProxy> {
    let proxy!: ResettingProxy;
    const server = createServer((client) => {
      const upstream = connect(port, "127.0.0.1");
      for (const s of [client, upstream]) {
        proxy.sockets.add(s);
        s.on("close", () => proxy.sockets.delete(s));
        s.on("error", () => {});
      }
      const cut = proxy.cuts > 0;
      if (cut) proxy.cuts--;
      let passed = 0;
      client.pipe(upstream);
      upstream.on("data", (chunk: Buffer) => {
        if (!cut) return void client.write(chunk);
        if (passed >= proxy.afterBytes) return;
        const part = chunk.subarray(0, proxy.afterBytes - passed);
        passed += part.length;
        client.write(part);
        if (passed < proxy.afterBytes) return;
        // What was written goes out first; then a reset, not a clean close.
        setTimeout(() => {
          proxy.resets++;
          client.resetAndDestroy();
          upstream.destroy();
        }, 100);
      });
      client.on("close", () => upstream.destroy());
      upstream.on("close", () => client.destroy());
    });
    proxy = new ResettingProxy(server, afterBytes);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return proxy;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** name -> resourceVersion of the final state, or null once deleted. */
export type Ledger = Map<string, string | null>;

export interface LedgerTarget {
  create(name: string, step: number): Promise<{ metadata?: { resourceVersion?: string } }>;
  update(name: string, step: number): Promise<{ metadata?: { resourceVersion?: string } }>;
  remove(name: string): Promise<unknown>;
  /** The object's resourceVersion now, or null when it does not exist. */
  read(name: string): Promise<string | null>;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A small deterministic random source, so a failing run can be replayed. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * One writer lane: `ops` creates, updates and deletes over `names`, each recorded in
 * the ledger. A write whose outcome is unknown (the server died around it) is not
 * repeated: the object is read back once the server answers, and that is the ledger's truth.
 */
export async function writeLane(target: LedgerTarget, names: string[], ops: number, ledger: Ledger, progress: { done: number; unknown: number }, random: () => number): Promise<void> {
  for (let step = 0; step < ops; step++) {
    const name = names[Math.floor(random() * names.length)]!;
    const current = ledger.get(name);
    try {
      if (current === undefined || current === null) ledger.set(name, (await target.create(name, step)).metadata!.resourceVersion!);
      else if (random() < 0.8) ledger.set(name, (await target.update(name, step)).metadata!.resourceVersion!);
      else {
        await target.remove(name);
        ledger.set(name, null);
      }
    } catch (error) {
      progress.unknown++;
      if (error instanceof KubexApiError && error.status < 500 && error.status !== 429 && error.status !== 409 && error.status !== 404) throw error;
      for (;;) {
        try {
          ledger.set(name, await target.read(name));
          break;
        } catch {
          await pause(100);
        }
      }
    }
    progress.done++;
  }
}
