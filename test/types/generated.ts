// Type-level tests of the generated 1.35 API.
import type { IsNamespaced, ObjectOf, SubresourceOf } from "../../runtime/index.js";
import { ConfigMap, Namespace, Pod, type Container, type PodSpec } from "../../generated/k8s/v1_35/core/v1/index.js";
import { Deployment } from "../../generated/k8s/v1_35/apps/v1/index.js";
import type { KindMap } from "../../generated/k8s/v1_35/index.js";

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

void [podFromDescriptor, spec, nameless, wrongField, wrongType, wrongKind, wrongVersion, podExec, deploymentScale, configMapExec, deploymentExec, clusterScoped, namespacedNamespace, mapped, probePort];
