/**
 * The typed quick-start: create a namespace and a deployment, list and watch
 * its pods, read their logs, and clean up. Runs against the current kubeconfig
 * context (`npm run demo` brings up the local control plane first).
 */
import { Api, createClient } from "../runtime/index.js";
import { Namespace, Pod } from "../generated/k8s/v1_35/core/v1/index.js";
import { Deployment } from "../generated/k8s/v1_35/apps/v1/index.js";

const say = (text: string) => console.log(`• ${text}`);

await using client = await createClient();
const namespace = `kubex-demo-${Date.now().toString(36)}`;
const namespaces = new Api(Namespace, { client });
say(`server ${client.configuration.server}`);

await namespaces.create({ metadata: { name: namespace } });
say(`created namespace ${namespace}`);
try {
  const deployments = new Api(Deployment, { client, namespace });
  const pods = new Api(Pod, { client, namespace });

  // Watch pods from before the deployment exists, so every ADDED/MODIFIED is seen.
  const { metadata } = await pods.list();
  const running = new Set<string>();
  const watching = (async () => {
    for await (const event of pods.watch({ resourceVersion: metadata.resourceVersion, labelSelector: "app=hello", inactivityTimeout: 60 })) {
      if (event.type === "BOOKMARK") continue;
      const pod = event.object;
      say(`watch: ${event.type} pod ${pod.metadata?.name} phase=${pod.status?.phase ?? "-"}`);
      if (pod.status?.phase === "Running") running.add(pod.metadata!.name!);
      if (running.size === 2) return;
    }
  })();

  await deployments.create({
    metadata: { name: "hello" },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: "hello" } },
      template: { metadata: { labels: { app: "hello" } }, spec: { containers: [{ name: "hello", image: "nginx:1.27" }] } },
    },
  });
  say("created deployment hello with 2 replicas");
  await watching;

  const list = await pods.list({ labelSelector: "app=hello" });
  for (const pod of list.items) say(`pod ${pod.metadata?.name} on node ${pod.spec?.nodeName}: ${pod.status?.phase}`);

  const first = list.items[0]!.metadata!.name!;
  const logs = await pods.logs.get(first, { tailLines: 3 });
  say(`last log lines of ${first}:\n${logs.trimEnd().replace(/^/gm, "    ")}`);

  const scaled = await deployments.scale.patch("hello", { spec: { replicas: 1 } });
  say(`scaled hello to ${scaled.spec?.replicas} replica`);
} finally {
  await namespaces.delete(namespace);
  say(`deleted namespace ${namespace}`);
}
