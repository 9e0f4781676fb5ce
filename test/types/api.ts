// Type-level tests of the public Api shape.
import { Api, createClient, defineResource, jsonPointer, parseManifests, resolve, type PartialObjectMetadata, type WatchEvent } from "../../runtime/index.js";
import { ConfigMap, Namespace, Pod, Service } from "../../generated/k8s/v1_35/core/v1/index.js";
import { Deployment } from "../../generated/k8s/v1_35/apps/v1/index.js";
import { TokenReview } from "../../generated/k8s/v1_35/authentication/v1/index.js";
import { Event } from "../../generated/k8s/v1_35/events/v1/index.js";
import type { Scale } from "../../runtime/api/meta.js";

export async function shapes(): Promise<void> {
  await using client = await createClient();
  const pods = new Api(Pod, { client, namespace: "default" });
  const configMaps = new Api(ConfigMap, { client });
  const namespaces = new Api(Namespace, { client });
  const deployments = new Api(Deployment, { client });

  const pod: Pod = await pods.get("web-0", { resourceVersion: "0" });
  const meta: PartialObjectMetadata = await pods.metadata.get("web-0", { resourceVersion: "0" });
  const patched: PartialObjectMetadata = await pods.metadata.patch("web-0", { metadata: { labels: { a: "b" } } });
  // @ts-expect-error a metadata patch changes metadata only
  await pods.metadata.patch("web-0", { spec: {} });
  void [meta, patched];
  const phase: string | undefined = pod.status?.phase;
  await pods.exec.run("web-0", { command: ["ls"] });
  await pods.portforward.forward("web-0", { ports: [80] });
  await pods.attach.stream("web-0");
  const logs: string = await pods.logs.get("web-0", { tailLines: 10 });
  await pods.eviction.create("web-0");
  const scale: Scale = await deployments.scale.get("web");
  const deploymentStatus: Deployment = await deployments.status.get("web");
  // @ts-expect-error the scale subresource's body is a Scale, which has no template
  await deployments.scale.patch("web", { spec: { template: {} } });
  // @ts-expect-error the status subresource's body is the Deployment: no `data`
  await deployments.status.patch("web", { data: {} });
  void deploymentStatus;
  await deployments.status.patch("web", { status: { replicas: 1 } });
  // @ts-expect-error config maps have no exec subresource
  void configMaps.exec;
  // @ts-expect-error config maps have no scale subresource
  void configMaps.scale;
  // @ts-expect-error deployments have no logs
  void deployments.logs;

  await namespaces.get("default");
  // @ts-expect-error a cluster-scoped kind takes no namespace
  await namespaces.get("default", { namespace: "x" });
  // @ts-expect-error a cluster-scoped kind has no default namespace
  new Api(Namespace, { client, namespace: "x" });
  // @ts-expect-error listing all namespaces is for namespaced kinds
  await namespaces.list({ allNamespaces: true });
  await pods.list({ allNamespaces: true, labelSelector: "app=web" });

  let resourceVersion: string | undefined;
  for await (const event of pods.watch({ allowWatchBookmarks: true })) {
    const e: WatchEvent<Pod> = event;
    // The docs' snippet: a bookmark's resourceVersion is a string, no `?.` needed.
    if (event.type === "BOOKMARK") { resourceVersion = event.object.metadata.resourceVersion; continue; }
    const name: string | undefined = event.object.metadata?.name;
    const podPhase: string | undefined = event.object.status?.phase;
    // @ts-expect-error watch events carry Pods, which have no `data`
    void event.object.data;
    void [e, name, podPhase];
  }
  for await (const event of pods.watch()) {
    // @ts-expect-error a BOOKMARK carries no Pod: narrow by type first
    void event.object.status;
    if (event.type === "DELETED") void event.object.status;
  }
  for await (const event of pods.metadata.watch()) {
    if (event.type !== "BOOKMARK") void event.object.metadata.name;
  }
  void resourceVersion;

  await configMaps.patch("c", { data: { a: "b" } });
  await configMaps.patch("c", [{ op: "replace", path: jsonPointer("data", "a/b"), value: "x" }], { type: "json" });
  await configMaps.apply({ metadata: { name: "c" }, data: { a: "b" } }, { fieldManager: "me", force: true });
  // @ts-expect-error server-side apply needs a field manager
  await configMaps.apply({ metadata: { name: "c" } }, {});
  // @ts-expect-error a typed kind's apply names its object where the compiler sees it
  await configMaps.apply({ data: { a: "b" } }, { fieldManager: "me" });
  // An untyped kind (discovered, or from YAML) takes the parsed object as it is; its name is checked at run time.
  const untyped = new Api(await resolve(client, "example.com/v1", "Widget"), { client, namespace: "ns" });
  const [fromYaml] = parseManifests("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n");
  await untyped.apply(fromYaml!, { fieldManager: "me" });
  // @ts-expect-error a merge patch of a ConfigMap cannot set a number as data
  await configMaps.patch("c", { data: { a: 1 } });

  const tokenReviews = new Api(TokenReview, { client });
  await tokenReviews.create({ spec: { token: "t" } });
  // @ts-expect-error a TokenReview can only be created: no list
  await tokenReviews.list();
  // @ts-expect-error a TokenReview can only be created: no get
  await tokenReviews.get("x");
  // @ts-expect-error a TokenReview can only be created: no watch
  tokenReviews.watch();
  // @ts-expect-error a TokenReview can only be created: no delete
  await tokenReviews.delete("x");
  const events = new Api(Event, { client });
  await events.list();
  await events.deleteCollection();
  const readOnly = defineResource<{ metadata?: { name?: string } }>()({ group: "example.com", version: "v1", kind: "Report", plural: "reports", namespaced: false, verbs: ["get", "list"] });
  const reports = new Api(readOnly, { client });
  await reports.get("r");
  for await (const r of reports.listAll()) void r;
  // @ts-expect-error the descriptor declares no patch verb
  await reports.apply({ metadata: { name: "r" } }, { fieldManager: "m" });

  interface Widget {
    apiVersion?: "example.com/v1";
    kind?: "Widget";
    metadata?: { name?: string };
    spec?: { size: number };
  }
  const WidgetResource = defineResource<Widget>()({ group: "example.com", version: "v1", kind: "Widget", plural: "widgets", namespaced: true, subresources: ["status"] });
  const widgets = new Api(WidgetResource, { client, namespace: "default" });
  const widget: Widget = await widgets.get("w");
  await widgets.status.get("w");
  await widgets.patch("w", { spec: { size: 2 } });
  await widgets.patch("w", { spec: { size: 2 } }, { type: "merge" });
  // @ts-expect-error custom resources have no strategic merge patch (the server answers 415)
  await widgets.patch("w", { spec: { size: 2 } }, { type: "strategic" });
  // @ts-expect-error nor do their subresources
  await widgets.status.patch("w", { spec: { size: 2 } }, { type: "strategic" });
  await deployments.status.patch("web", { status: { replicas: 1 } }, { type: "strategic" });
  // @ts-expect-error Widget declares no scale subresource
  void widgets.scale;
  void [phase, logs, scale, widget];
}

// Task accessors: port-forward through a Service or workload, cp on pods.
async function taskAccessors() {
  await using client = await createClient();
  const services = new Api(Service, { client, namespace: "ns" });
  await using listener = await services.portforward.listen("web", { portMap: { 80: 0 } });
  void listener.target.pod;
  await new Api(Deployment, { client, namespace: "ns" }).portforward.forward("web", { ports: [8080] });
  // @ts-expect-error a ConfigMap has no pods behind it
  void new Api(ConfigMap, { client }).portforward;
  const pods = new Api(Pod, { client, namespace: "ns" });
  await pods.cp.fromPod("web-0", "/etc/app", "./app");
  // @ts-expect-error cp needs exec, which a Service lacks
  void services.cp;
}
void taskAccessors;
