// Type-level tests of every shipped version. Importing a version's index names every module of
// that version, so each whole tree is type-checked here, in one program. Each version's
// descriptors drive a typed Api; what a version adds or removes shows in its types; a module
// shared with an earlier version gives that version's types.
import { Api, type BaseClient, type ObjectOf } from "../../runtime/index.js";
import type * as index32 from "../../generated/k8s/v1_32/index.js";
import type * as index33 from "../../generated/k8s/v1_33/index.js";
import type * as index34 from "../../generated/k8s/v1_34/index.js";
import type * as index35 from "../../generated/k8s/v1_35/index.js";
import type * as index36 from "../../generated/k8s/v1_36/index.js";
import type * as index37 from "../../generated/k8s/v1_37/index.js";
import { loadDescriptor as load32 } from "../../generated/k8s/v1_32/index.js";
import { loadDescriptor as load37 } from "../../generated/k8s/v1_37/index.js";
import * as core32 from "../../generated/k8s/v1_32/core/v1/index.js";
import * as core33 from "../../generated/k8s/v1_33/core/v1/index.js";
import * as core34 from "../../generated/k8s/v1_34/core/v1/index.js";
import * as core35 from "../../generated/k8s/v1_35/core/v1/index.js";
import * as core36 from "../../generated/k8s/v1_36/core/v1/index.js";
import * as core37 from "../../generated/k8s/v1_37/core/v1/index.js";
import * as apps32 from "../../generated/k8s/v1_32/apps/v1/index.js";
import * as apps37 from "../../generated/k8s/v1_37/apps/v1/index.js";
import type * as meta33 from "../../generated/k8s/v1_33/meta/v1/index.js";
import type * as meta34 from "../../generated/k8s/v1_34/meta/v1/index.js";

declare const client: BaseClient;
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

// Each version's Pod descriptor gives a typed Api whose objects are that version's Pod.
export async function images(): Promise<(string | undefined)[]> {
  const pods = [
    await new Api(core32.Pod, { client, namespace: "default" }).get("web"),
    await new Api(core33.Pod, { client, namespace: "default" }).get("web"),
    await new Api(core34.Pod, { client, namespace: "default" }).get("web"),
    await new Api(core35.Pod, { client, namespace: "default" }).get("web"),
    await new Api(core36.Pod, { client, namespace: "default" }).get("web"),
    await new Api(core37.Pod, { client, namespace: "default" }).get("web"),
  ] as const;
  const [first, , , , , last] = pods;
  const pod32: core32.Pod = first;
  const pod37: core37.Pod = last;
  // @ts-expect-error a typed Pod has no field named "nope", in any version
  void last.nope;
  return [pod32.spec?.containers[0]?.image, pod37.spec?.containers[0]?.image];
}

// The cluster-scoped kinds of every version take no namespace.
// @ts-expect-error Namespace is cluster-scoped in 1.32
new Api(core32.Namespace, { client, namespace: "default" });
// @ts-expect-error Namespace is cluster-scoped in 1.37
new Api(core37.Namespace, { client, namespace: "default" });

// A Deployment's template is its own version's PodTemplateSpec.
const template32: apps32.Deployment["spec"] = { selector: {}, template: { spec: { containers: [{ name: "web" }] } } };
const template37: ObjectOf<typeof apps37.Deployment> = { spec: { selector: {}, template: { spec: { containers: [{ name: "web" }] } } } };

// What a version adds or removes is in its kind keys: IPAddress came with 1.33,
// networking.k8s.io/v1beta1 left with 1.37.
// @ts-expect-error 1.32 has no networking.k8s.io/v1 IPAddress
const ipAddress32: index32.KindKey = "networking.k8s.io/v1/IPAddress";
const ipAddress33: index33.KindKey = "networking.k8s.io/v1/IPAddress";
const serviceCidrBeta36: index36.KindKey = "networking.k8s.io/v1beta1/ServiceCIDR";
// @ts-expect-error 1.37 no longer serves networking.k8s.io/v1beta1
const serviceCidrBeta37: index37.KindKey = "networking.k8s.io/v1beta1/ServiceCIDR";
const kinds: [index34.KindKey, index35.KindKey] = ["storage.k8s.io/v1/VolumeAttributesClass", "certificates.k8s.io/v1beta1/PodCertificateRequest"];

// loadDescriptor of each version knows its own kinds exactly.
export async function descriptors(): Promise<string[]> {
  const deployment32: typeof apps32.Deployment = await load32("apps/v1", "Deployment");
  const deployment37: typeof apps37.Deployment = await load37("apps/v1", "Deployment");
  return [deployment32.plural, deployment37.plural];
}

// meta/v1 did not change from 1.33 to 1.34: 1.34's module re-exports 1.33's declarations.
const sameObjectMeta: Equal<meta33.ObjectMeta, meta34.ObjectMeta> = true;
const sameDeleteOptions: Equal<meta33.DeleteOptions, meta34.DeleteOptions> = true;
// core/v1 changed, and its Pod with it.
const differentPodSpec: Equal<core33.PodSpec, core34.PodSpec> = false;

export const pinned = [template32, template37, ipAddress32, ipAddress33, serviceCidrBeta36, serviceCidrBeta37, kinds, sameObjectMeta, sameDeleteOptions, differentPodSpec];
