// Type-level tests of the enums of the generated 1.35 API: open literal unions. A known value
// compiles, a value a newer server may send still compiles, and the known values stay in the type.
import type { PersistentVolumeClaimSpec, PodSpec, ServiceSpec } from "../../generated/k8s/v1_35/core/v1/index.js";
import type { NetworkPolicyPort } from "../../generated/k8s/v1_35/networking/v1/index.js";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** The literal members of an open union (`string & {}` left out). */
type Known<T> = T extends string ? (string extends T ? never : T) : never;

// Named with NonNullable (`T & {}`), as user code often does, the type keeps its values.
type DnsPolicy = NonNullable<PodSpec["dnsPolicy"]>;
const offered: Equal<Known<DnsPolicy>, "ClusterFirst" | "ClusterFirstWithHostNet" | "Default" | "None"> = true;
// @ts-expect-error the field is not widened to plain `string`: the values stay in its type
const widened: Equal<DnsPolicy, string> = true;

const known: PodSpec = { containers: [], dnsPolicy: "ClusterFirst", restartPolicy: "OnFailure" };
// A value added by a later Kubernetes release compiles.
const future: PodSpec = { containers: [], dnsPolicy: "SomeFutureMode" };
// A string read from elsewhere (a config file, a flag) is accepted as it is.
declare const fromConfig: string;
const dynamic: PodSpec = { containers: [], dnsPolicy: fromConfig };
// Reading gives a value usable as a string.
const read: string | undefined = known.dnsPolicy;
// @ts-expect-error an enum field still takes strings only
const wrongType: PodSpec = { containers: [], dnsPolicy: 1 };

// List elements, and an enum declared in another group's package (core/v1 Protocol in networking/v1).
const modes: PersistentVolumeClaimSpec = { accessModes: ["ReadWriteOnce", "ReadWriteOncePod"] };
const accessOffered: Equal<Known<NonNullable<PersistentVolumeClaimSpec["accessModes"]>[number]>, "ReadOnlyMany" | "ReadWriteMany" | "ReadWriteOnce" | "ReadWriteOncePod"> = true;
const port: NetworkPolicyPort = { protocol: "TCP", port: 80 };
const protocolOffered: Equal<Known<NonNullable<NetworkPolicyPort["protocol"]>>, "SCTP" | "TCP" | "UDP"> = true;
const serviceTypes: Equal<Known<NonNullable<ServiceSpec["type"]>>, "ClusterIP" | "ExternalName" | "LoadBalancer" | "NodePort"> = true;

// Narrowing on a known value works as on any string.
function describe(spec: PodSpec): string {
  if (spec.dnsPolicy === "None") return "custom DNS";
  return spec.dnsPolicy ?? "ClusterFirst";
}

void [offered, widened, known, future, dynamic, read, wrongType, modes, accessOffered, port, protocolOffered, serviceTypes, describe];
