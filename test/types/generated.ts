// Type-level tests of the generated 1.35 API.
import { Api, type BaseClient, type IsNamespaced, type ObjectOf, type SubresourceOf } from "../../runtime/index.js";
import { ConfigMap, Namespace, Pod, type Container, type PodSpec } from "../../generated/k8s/v1_35/core/v1/index.js";
import { Deployment } from "../../generated/k8s/v1_35/apps/v1/index.js";
import { loadDescriptor, type KindMap } from "../../generated/k8s/v1_35/index.js";
import { Gadget, Widget, type WidgetSpec } from "../unit/fixtures/codegen/golden/v9/example.com/v1/index.js";

const pod: Pod = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "web", labels: { app: "web" } },
  spec: { containers: [{ name: "web", image: "nginx", ports: [{ containerPort: 80 }], resources: { limits: { cpu: "500m" } } }] },
};
const podFromDescriptor: ObjectOf<typeof Pod> = pod;
const spec: PodSpec = { containers: [] };
// @ts-expect-error a container needs a name
const nameless: Container = { image: "nginx" };
// @ts-expect-error there is no field `image` on PodSpec
const wrongField: PodSpec = { containers: [], image: "nginx" };
// @ts-expect-error containerPort is a number
const wrongType: Container = { name: "x", ports: [{ containerPort: "80" }] };
// @ts-expect-error a Pod's kind is the literal "Pod"
const wrongKind: Pod = { kind: "Service" };
// @ts-expect-error a Pod's apiVersion is the literal "v1"
const wrongVersion: Pod = { apiVersion: "apps/v1" };

const podExec: SubresourceOf<typeof Pod> = "exec";
const deploymentScale: SubresourceOf<typeof Deployment> = "scale";
// @ts-expect-error ConfigMap declares no subresources
const configMapExec: SubresourceOf<typeof ConfigMap> = "exec";
// @ts-expect-error Deployment has no exec subresource
const deploymentExec: SubresourceOf<typeof Deployment> = "exec";
const clusterScoped: IsNamespaced<typeof Namespace> = false;
// @ts-expect-error Namespace is cluster-scoped
const namespacedNamespace: IsNamespaced<typeof Namespace> = true;
const mapped: KindMap["apps/v1/Deployment"] = { spec: { selector: {}, template: {} } };
// Port numbers or names: int-or-string.
const probePort: Container = { name: "x", livenessProbe: { httpGet: { port: "http" } }, readinessProbe: { httpGet: { port: 8080 } } };

// A CRD's enums are closed (the server validates them): checked on the golden fixture, generated
// by the same generator. The built-in enums are open unions: see enums.ts.
const fixtureSpec: WidgetSpec = { size: 3, mode: "Fast", port: "http" };
// @ts-expect-error "Medium" is not one of the declared enum values
const wrongEnum: WidgetSpec = { size: 3, mode: "Medium" };
const widgetExec: SubresourceOf<typeof Widget> = "exec";
// @ts-expect-error Gadget declares no subresources
const gadgetStatus: SubresourceOf<typeof Gadget> = "status";

// A generated kind outside the built-in groups is a custom resource: no strategic merge patch.
async function customPatches(client: BaseClient) {
  const widgets = new Api(Widget, { client, namespace: "ns" });
  await widgets.status.patch("w", { spec: { size: 2 } });
  // @ts-expect-error a generated custom resource has no strategic merge patch (the server answers 415)
  await widgets.status.patch("w", { spec: { size: 2 } }, { type: "strategic" });
}

void [customPatches, fixtureSpec, wrongEnum, widgetExec, gadgetStatus, podFromDescriptor, spec, nameless, wrongField, wrongType, wrongKind, wrongVersion, podExec, deploymentScale, configMapExec, deploymentExec, clusterScoped, namespacedNamespace, mapped, probePort];

// loadDescriptor: a literal apiVersion/kind gives that kind's descriptor type; anything else may be undefined.
async function typedLookup(client: BaseClient) {
  const deployments = new Api(await loadDescriptor("apps/v1", "Deployment"), { client, namespace: "ns" });
  const replicas: number | undefined = (await deployments.get("web")).spec?.replicas;
  await deployments.scale.get("web");
  // @ts-expect-error the exact descriptor: a Deployment has no exec
  void deployments.exec;
  // @ts-expect-error the exact object type: replicas is a number
  const wrong: string | undefined = (await deployments.get("web")).spec?.replicas;
  void wrong;
  const pods = new Api(await loadDescriptor("v1", "Pod"), { client, namespace: "ns" });
  await pods.exec.run("p", { command: ["true"] });
  const dynamic = await loadDescriptor("example.com/v1" as string, "Widget" as string);
  // @ts-expect-error an unknown pair may be undefined
  new Api(dynamic, { client });
  if (dynamic) new Api(dynamic, { client });
  void replicas;
}
void typedLookup;
