// kubex clients on the e2e cluster, one per backend.
import { createClient, loadKubeconfig, type Backend, type ClientOptions, type HttpClient } from "../../../runtime/index.js";
import type { E2ECluster } from "./cluster.js";

export const backends: Backend[] = ["undici", "fetch"];

export function clientFor(cluster: E2ECluster, backend: Backend, options: ClientOptions = {}, kubeconfig = cluster.kubeconfig): Promise<HttpClient> {
  return createClient({ configuration: loadKubeconfig({ path: kubeconfig }), options: { warningHandler: () => {}, ...options }, backend });
}

/** Polls until `fn` returns a value, or fails naming what it waited for. */
export async function eventually<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
