/**
 * `kubectl apply --server-side -f` in a few lines: YAML in, each object's kind
 * resolved by discovery, applied in a sensible order, and what happened to each.
 * Then the same manifests deleted in reverse order.
 */
import { Api, applyManifests, createClient, deleteManifests, Quantity, resolve } from "../runtime/index.js";
import { loadDescriptor } from "../generated/k8s/v1_35/index.js";

const namespace = `kubex-manifests-${Date.now().toString(36)}`;
const manifests = `
apiVersion: v1
kind: Namespace
metadata:
  name: ${namespace}
---
# A config map and a deployment that mounts it read-only (0444, octal as kubectl reads it).
apiVersion: v1
kind: ConfigMap
metadata: { name: settings, namespace: ${namespace} }
data: { mode: fast }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: ${namespace} }
spec:
  replicas: 1
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
      - name: app
        image: nginx
        resources: { requests: { cpu: 250m, memory: 64Mi } }
        volumeMounts: [{ name: settings, mountPath: /etc/settings }]
      volumes:
      - name: settings
        configMap: { name: settings, defaultMode: 0444 }
`;

await using client = await createClient();
for (const pass of ["first", "second"]) {
  const results = await applyManifests(client, manifests, { fieldManager: "kubex-example" });
  for (const r of results) console.log(`${pass} apply: ${r.kind} ${r.name} ${r.action}`);
}

const [, , deployment] = await applyManifests(client, manifests, { fieldManager: "kubex-example", dryRun: true });
const spec = deployment!.object!.spec as { template: { spec: { containers: { resources: { requests: Record<string, string> } }[]; volumes: { configMap: { defaultMode: number } }[] } } };
const cpu = Quantity.parse(spec.template.spec.containers[0]!.resources.requests.cpu!);
console.log(`requests: ${cpu} CPU = ${cpu.milliValue()} millicores; mode ${spec.template.spec.volumes[0]!.configMap.defaultMode.toString(8)}`);

// Kinds looked up at run time: typed from the generated index, or as the server describes them.
const Deployment = await loadDescriptor("apps/v1", "Deployment");
const web = await new Api(Deployment, { client, namespace }).get("web");
const discovered = await resolve(client, "apps/v1", "Deployment");
console.log(`typed lookup: ${web.spec?.replicas} replica; discovered: ${discovered.plural}, subresources ${discovered.subresources.join(",")}`);

for (const r of await deleteManifests(client, manifests)) console.log(`delete: ${r.kind} ${r.name} ${r.action}`);
