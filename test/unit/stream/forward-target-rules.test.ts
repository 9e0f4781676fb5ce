// The exact choices and refusals of forward-target: selector strings, the pod picked among
// several, the container port behind a Service port, and the message of each refusal.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { KubexArgumentError } from "../../../runtime/errors.js";
import { KubexNoReadyPodError, labelSelectorOf, pickPod, podPort, podPortForServicePort, type PodLike } from "../../../runtime/stream/forward-target.js";

const refusal = (type: Function, message: string) => (e: unknown) => e instanceof type && (e as Error).message === message;

const ready = (name: string | undefined, extra: { created?: string; phase?: string; conditions?: { type: string; status: string }[] } = {}): PodLike => ({
  metadata: { ...(name === undefined ? {} : { name }), ...(extra.created ? { creationTimestamp: extra.created } : {}) },
  status: { phase: extra.phase ?? "Running", conditions: extra.conditions ?? [{ type: "Ready", status: "True" }] },
});

describe("labelSelectorOf: selector strings", () => {
  it("matchExpressions alone (no matchLabels)", () => {
    assert.equal(labelSelectorOf({ spec: { selector: { matchExpressions: [{ key: "env", operator: "In", values: ["a"] }] } } }, "x"), "env in (a)");
  });
  it("an In or NotIn without values gives an empty list", () => {
    assert.equal(labelSelectorOf({ spec: { selector: { matchExpressions: [{ key: "a", operator: "In" }, { key: "b", operator: "NotIn" }] } } }, "x"), "a in (),b notin ()");
  });
  it("a Service selector map keeps its keys in order, key=value joined by commas", () => {
    assert.equal(labelSelectorOf({ spec: { selector: { b: "2", a: "1" } } }, "x"), "b=2,a=1");
  });
  it("a map whose key is named matchLabels is read as a LabelSelector", () => {
    assert.equal(labelSelectorOf({ spec: { selector: { matchLabels: { app: "web" }, matchExpressions: [] } } }, "x"), "app=web");
  });
  it("an unknown operator is an argument error naming it and the object", () => {
    assert.throws(
      () => labelSelectorOf({ spec: { selector: { matchExpressions: [{ key: "a", operator: "Gt" }] } } }, "Deployment web"),
      refusal(KubexArgumentError, 'selector: unknown operator "Gt" in Deployment web'),
    );
  });
  it("no selector, a selector that is not an object, or an empty one: no pod is behind the object", () => {
    assert.throws(() => labelSelectorOf({}, "Service web"), refusal(KubexNoReadyPodError, "Service web has no selector, so no pod is behind it"));
    assert.throws(() => labelSelectorOf({ spec: { selector: "app=web" as never } }, "Service web"), refusal(KubexNoReadyPodError, "Service web has no selector, so no pod is behind it"));
    assert.throws(() => labelSelectorOf({ spec: { selector: {} } }, "Service web"), refusal(KubexNoReadyPodError, "Service web has an empty selector, so no pod is behind it"));
    assert.throws(() => labelSelectorOf({ spec: { selector: { matchLabels: {} } } }, "StatefulSet db"), refusal(KubexNoReadyPodError, "StatefulSet db has an empty selector, so no pod is behind it"));
  });
  it("the error is typed, with its code", () => {
    try {
      labelSelectorOf({}, "x");
      assert.fail("no error");
    } catch (e) {
      assert.equal((e as KubexNoReadyPodError).code, "KUBEX_NO_READY_POD");
    }
  });
});

describe("pickPod: which pod", () => {
  it("among pods of the same age, the first by name", () => {
    const t = "2026-01-01T00:00:00Z";
    assert.equal(pickPod([ready("b", { created: t }), ready("a", { created: t }), ready("c", { created: t })], "x").metadata.name, "a");
  });
  it("the oldest wins over the name order", () => {
    assert.equal(pickPod([ready("a", { created: "2026-02-01T00:00:00Z" }), ready("b", { created: "2026-01-01T00:00:00Z" })], "x").metadata.name, "b");
  });
  it("a pod with no creation time sorts first", () => {
    assert.equal(pickPod([ready("a", { created: "2026-01-01T00:00:00Z" }), ready("z")], "x").metadata.name, "z");
  });
  it("pods without creation times are ordered by name", () => {
    assert.equal(pickPod([ready("b"), ready("a")], "x").metadata.name, "a");
    assert.equal(pickPod([ready("c"), ready("d", { created: "2026-01-01T00:00:00Z" })], "x").metadata.name, "c");
  });
  it("a pod without metadata is never chosen, and is listed as undefined", () => {
    const bare: PodLike = { status: { phase: "Running", conditions: [{ type: "Ready", status: "True" }] } };
    assert.throws(() => pickPod([bare], "Service web"), refusal(KubexNoReadyPodError, "no running and ready pod behind Service web (undefined: Running)"));
  });
  it("a pod without a name is never chosen", () => {
    assert.equal(pickPod([ready(undefined, { created: "2020-01-01T00:00:00Z" }), ready("named", { created: "2026-01-01T00:00:00Z" })], "x").metadata.name, "named");
    assert.throws(() => pickPod([ready(undefined)], "x"), KubexNoReadyPodError);
  });
  it("ready means a Ready condition with status True", () => {
    assert.throws(() => pickPod([ready("p", { conditions: [{ type: "Ready", status: "Unknown" }] })], "x"), KubexNoReadyPodError);
    assert.throws(() => pickPod([ready("p", { conditions: [{ type: "ContainersReady", status: "True" }] })], "x"), KubexNoReadyPodError);
    assert.throws(() => pickPod([ready("p", { conditions: [] })], "x"), KubexNoReadyPodError);
    assert.throws(() => pickPod([{ metadata: { name: "p" }, status: { phase: "Running" } }], "x"), KubexNoReadyPodError);
    assert.equal(pickPod([ready("p", { conditions: [{ type: "PodScheduled", status: "True" }, { type: "Ready", status: "True" }] })], "x").metadata.name, "p");
  });
  it("a ready pod that is not Running is not chosen", () => {
    assert.throws(() => pickPod([ready("p", { phase: "Succeeded" })], "x"), KubexNoReadyPodError);
  });
  it("the refusal lists each pod as name: phase, adding 'not ready' only when it is not, joined by '; '", () => {
    const pods: PodLike[] = [ready("done", { phase: "Succeeded" }), { metadata: { name: "new" } }, ready("slow", { conditions: [] })];
    assert.throws(() => pickPod(pods, "Service web"), refusal(KubexNoReadyPodError, "no running and ready pod behind Service web (done: Succeeded; new: unknown, not ready; slow: Running, not ready)"));
    assert.throws(() => pickPod([], "Service web"), refusal(KubexNoReadyPodError, "no running and ready pod behind Service web (no pods match its selector)"));
  });
});

describe("podPortForServicePort: the pod port behind a Service port", () => {
  const pod: PodLike = {
    metadata: { name: "p" },
    spec: {
      containers: [
        { name: "side", ports: [{ name: "http", containerPort: 7000, protocol: "UDP" }] },
        { name: "app", ports: [{ name: "http", containerPort: 8080 }, { name: "dns", containerPort: 53, protocol: "UDP" }] },
      ],
    },
  };
  it("a missing protocol is TCP; a targetPort of 0 or an empty string is the Service port", () => {
    const service = { metadata: { name: "web" }, spec: { ports: [{ port: 80, targetPort: 0 }, { port: 81, targetPort: "" }, { port: 82, protocol: "TCP", targetPort: 9000 }] } };
    assert.equal(podPortForServicePort(service, pod, 80), 80);
    assert.equal(podPortForServicePort(service, pod, 81), 81);
    assert.equal(podPortForServicePort(service, pod, 82), 9000);
  });
  it("a named targetPort is the TCP container port of that name, skipping a UDP one", () => {
    assert.equal(podPortForServicePort({ spec: { ports: [{ port: 80, targetPort: "http" }] } }, pod, 80), 8080);
  });
  it("a named targetPort that only a UDP container port has is refused", () => {
    assert.throws(
      () => podPortForServicePort({ metadata: { name: "web" }, spec: { ports: [{ port: 80, targetPort: "dns" }] } }, pod, 80),
      refusal(KubexArgumentError, 'portMap: pod p has no container port named "dns" (targetPort of Service web port 80)'),
    );
  });
  it("the refusals name the Service ('service' when it has no name) and the port", () => {
    assert.throws(() => podPortForServicePort({ spec: {} }, pod, 80), refusal(KubexArgumentError, "portMap: Service service has no TCP port 80"));
    assert.throws(() => podPortForServicePort({ spec: { ports: [{ port: 80, targetPort: "x" }] } }, {}, 80), refusal(KubexArgumentError, 'portMap: pod undefined has no container port named "x" (targetPort of Service service port 80)'));
    assert.throws(() => podPortForServicePort({ metadata: { name: "dns" }, spec: { ports: [{ port: 53, protocol: "UDP" }] } }, pod, 53), refusal(KubexArgumentError, "portMap: Service dns has no TCP port 53"));
  });
  it("a Service without a spec has no port", () => {
    assert.throws(() => podPortForServicePort({ metadata: { name: "web" } }, pod, 80), refusal(KubexArgumentError, "portMap: Service web has no TCP port 80"));
  });
  it("a container without ports is skipped", () => {
    const p: PodLike = { metadata: { name: "p" }, spec: { containers: [{ name: "bare" }, { name: "app", ports: [{ name: "web", containerPort: 3000 }] }] } };
    assert.equal(podPortForServicePort({ spec: { ports: [{ port: 80, targetPort: "web" }] } }, p, 80), 3000);
  });
  it("a numeric string targetPort is that number; digits only", () => {
    assert.equal(podPortForServicePort({ spec: { ports: [{ port: 80, targetPort: "8081" }] } }, pod, 80), 8081);
    assert.throws(() => podPortForServicePort({ spec: { ports: [{ port: 80, targetPort: "80x" }] } }, pod, 80), /no container port named "80x"/);
    assert.throws(() => podPortForServicePort({ spec: { ports: [{ port: 80, targetPort: "x80" }] } }, pod, 80), /no container port named "x80"/);
  });
});

describe("podPort: a pod port by name or number", () => {
  const pod: PodLike = { metadata: { name: "p" }, spec: { containers: [{ name: "bare" }, { name: "app", ports: [{ name: "dns", containerPort: 53, protocol: "UDP" }] }] } };
  it("a name matches whatever the protocol", () => assert.equal(podPort(pod, "dns"), 53));
  it("digits only are a number", () => {
    assert.equal(podPort(pod, "8080"), 8080);
    assert.throws(() => podPort(pod, "8080a"), /no container port named "8080a"/);
    assert.throws(() => podPort(pod, "a8080"), /no container port named "a8080"/);
  });
  it("an unknown name is refused, naming the pod and the port", () => {
    assert.throws(() => podPort(pod, "grpc"), refusal(KubexArgumentError, 'portMap: pod p has no container port named "grpc"'));
    assert.throws(() => podPort({}, "grpc"), refusal(KubexArgumentError, 'portMap: pod undefined has no container port named "grpc"'));
  });
});
