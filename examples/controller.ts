/**
 * A small controller on the informer: every ConfigMap labelled
 * `kubex.example/mirror=true` gets an owned Secret `<name>-mirror` holding the
 * same data, kept in sync. A finalizer removes the Secret before the ConfigMap
 * goes; the outcome of each reconcile is written back on the ConfigMap (an
 * annotation: ConfigMaps have no status). Events only enqueue keys; a worker
 * reconciles from the store, and failures are requeued with a per-key backoff.
 *
 * Run against the current kubeconfig context: it makes a namespace, starts the
 * controller, creates, changes and deletes ConfigMaps, shows the Secrets follow,
 * and cleans up.
 */
import { createHash } from "node:crypto";
import { Api, Backoff, createClient, Informer, NotFound, type ReadonlyDeep } from "../runtime/index.js";
import { ConfigMap, Namespace, Secret } from "../generated/k8s/v1_35/core/v1/index.js";

const label = "kubex.example/mirror";
const finalizer = "kubex.example/mirror";
const statusAnnotation = "kubex.example/mirror-status";
const fieldManager = "kubex-mirror-controller";
const say = (text: string) => console.log(`• ${text}`);

await using client = await createClient();
const namespace = `kubex-controller-${Date.now().toString(36)}`;
const namespaces = new Api(Namespace, { client });
await namespaces.create({ metadata: { name: namespace } });
const configMaps = new Api(ConfigMap, { client, namespace });
const secrets = new Api(Secret, { client, namespace });

/** Keys waiting for a reconcile, each at most once, oldest first. */
const queue = new Set<string>();
const backoffs = new Map<string, Backoff>();
let wake: () => void = () => {};
const enqueue = (cm: ReadonlyDeep<ConfigMap>) => {
  queue.add(cm.metadata!.name!);
  wake();
};

const informer = new Informer(configMaps, { labelSelector: `${label}=true`, resyncPeriod: 300 })
  .on("add", enqueue)
  .on("update", (_, cm) => enqueue(cm))
  .on("delete", enqueue)
  .on("error", (error) => say(`informer: ${error.message}`));

const digest = (data: unknown) => createHash("sha256").update(JSON.stringify(data ?? {})).digest("hex").slice(0, 16);

/** Brings one ConfigMap's Secret in line with it. */
async function reconcile(name: string): Promise<void> {
  const cm = informer.store.get(name, namespace);
  if (!cm) return; // gone; the owner reference lets the garbage collector take the Secret
  const finalizers = cm.metadata?.finalizers ?? [];
  if (cm.metadata?.deletionTimestamp) {
    if (!finalizers.includes(finalizer)) return;
    await secrets.delete(`${name}-mirror`).catch((e: unknown) => (e instanceof NotFound ? undefined : Promise.reject(e)));
    // resourceVersion makes the patch fail on a concurrent change instead of losing it.
    await configMaps.patch(name, { metadata: { resourceVersion: cm.metadata.resourceVersion!, finalizers: finalizers.filter((f) => f !== finalizer) } });
    say(`${name}: deleted, its Secret removed`);
    return;
  }
  if (!finalizers.includes(finalizer)) {
    await configMaps.patch(name, { metadata: { resourceVersion: cm.metadata!.resourceVersion!, finalizers: [...finalizers, finalizer] } });
    return; // the update comes back through the informer
  }
  await secrets.apply(
    {
      metadata: {
        name: `${name}-mirror`,
        ownerReferences: [{ apiVersion: "v1", kind: "ConfigMap", name, uid: cm.metadata!.uid!, controller: true, blockOwnerDeletion: true }],
      },
      stringData: { ...cm.data },
    },
    { fieldManager, force: true },
  );
  // What was mirrored, not a resourceVersion: writing the status changes the resourceVersion.
  const status = JSON.stringify({ type: "Synced", status: "True", dataDigest: digest(cm.data) });
  if (cm.metadata?.annotations?.[statusAnnotation] !== status) {
    await configMaps.patch(name, { metadata: { annotations: { [statusAnnotation]: status } } });
  }
}

let running = true;
async function worker(): Promise<void> {
  while (running) {
    const name = queue.values().next().value;
    if (name === undefined) {
      await new Promise<void>((resolve) => (wake = resolve));
      continue;
    }
    queue.delete(name);
    try {
      await reconcile(name);
      backoffs.delete(name);
    } catch (error) {
      const backoff = backoffs.get(name) ?? new Backoff({ initial: 0.1, max: 10 });
      backoffs.set(name, backoff);
      const delay = backoff.next();
      say(`${name}: ${(error as Error).message}; again in ${delay.toFixed(1)}s`);
      setTimeout(() => enqueue({ metadata: { name } } as ReadonlyDeep<ConfigMap>), delay * 1000);
    }
  }
}

/** Polls until `check` holds (the demo's way of waiting for the controller). */
async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 150; i++) {
    if (await check()) return say(what);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting until ${what}`);
}
const secretData = (name: string) =>
  secrets.get(`${name}-mirror`).then((s) => Object.fromEntries(Object.entries(s.data ?? {}).map(([k, v]) => [k, Buffer.from(v, "base64").toString()])), () => undefined);

try {
  await informer.start();
  const working = worker();
  say(`controller running in namespace ${namespace}`);

  await configMaps.create({ metadata: { name: "app", labels: { [label]: "true" } }, data: { color: "blue" } });
  await configMaps.create({ metadata: { name: "ignored" }, data: { color: "red" } });
  await until("app-mirror holds color=blue", async () => (await secretData("app"))?.color === "blue");

  await configMaps.patch("app", { data: { color: "green", size: "L" } });
  await until("app-mirror follows: color=green, size=L", async () => {
    const data = await secretData("app");
    return data?.color === "green" && data?.size === "L";
  });
  await until("the status annotation names the data mirrored", async () => {
    const cm = await configMaps.get("app");
    return JSON.parse(cm.metadata?.annotations?.[statusAnnotation] ?? "{}").dataDigest === digest(cm.data);
  });
  say(`ignored has no mirror: ${(await secretData("ignored")) === undefined}`);

  await configMaps.delete("app");
  await until("app and app-mirror are gone (finalizer honoured)", async () =>
    (await configMaps.get("app").then(() => false, () => true)) && (await secretData("app")) === undefined);

  running = false;
  wake();
  await working;
} finally {
  await informer.stop();
  await namespaces.delete(namespace);
  say(`deleted namespace ${namespace}`);
}
