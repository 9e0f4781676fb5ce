import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { KubexArgumentError } from "../../../runtime/errors.js";
import { KubexNoReadyPodError, labelSelectorOf, pickPod, podPort, podPortForServicePort, type PodLike } from "../../../runtime/stream/forward-target.js";

const pod = (name: string, phase: string, ready: boolean, created = "2026-01-01T00:00:00Z", extra: Partial<PodLike> = {}): PodLike => ({
  metadata: { name, creationTimestamp: created },
  spec: { containers: [{ name: "app", ports: [{ name: "http", containerPort: 8080 }, { name: "metrics", containerPort: 9090 }] }] },
  status: { phase, conditions: [{ type: "Ready", status: ready ? "True" : "False" }] },
  ...extra,
});

describe("labelSelectorOf", () => {
  const table: [given: object, want: string][] = [
    [{ spec: { selector: { app: "web", tier: "front" } } }, "app=web,tier=front"],
    [{ spec: { selector: { matchLabels: { app: "web" } } } }, "app=web"],
    [{ spec: { selector: { matchLabels: { app: "web" }, matchExpressions: [{ key: "env", operator: "In", values: ["a", "b"] }, { key: "x", operator: "Exists" }, { key: "y", operator: "DoesNotExist" }, { key: "z", operator: "NotIn", values: ["c"] }] } } }, "app=web,env in (a,b),x,!y,z notin (c)"],
  ];
  for (const [given, want] of table) it(`${JSON.stringify(given)} -> ${want}`, () => assert.equal(labelSelectorOf(given, "x"), want));
  it("no selector, or an empty one, means no pod is behind the object", () => {
    assert.throws(() => labelSelectorOf({ spec: {} }, "Service web"), (e: unknown) => e instanceof KubexNoReadyPodError && /Service web has no selector/.test(e.message));
    assert.throws(() => labelSelectorOf({ spec: { selector: {} } }, "Service web"), KubexNoReadyPodError);
  });
});

describe("pickPod", () => {
  it("takes a running, ready pod that is not being deleted, the oldest first", () => {
    const pods = [
      pod("pending", "Pending", false, "2025-01-01T00:00:00Z"),
      pod("unready", "Running", false, "2025-01-01T00:00:00Z"),
      pod("deleting", "Running", true, "2025-01-01T00:00:00Z", { metadata: { name: "deleting", creationTimestamp: "2025-01-01T00:00:00Z", deletionTimestamp: "2026-01-01T00:00:00Z" } }),
      pod("young", "Running", true, "2026-06-01T00:00:00Z"),
      pod("old", "Running", true, "2026-01-01T00:00:00Z"),
    ];
    assert.equal(pickPod(pods, "Service web").metadata.name, "old");
  });
  it("no candidate is a typed error that lists what it saw", () => {
    assert.throws(() => pickPod([pod("p", "Pending", false)], "Deployment web"), (e: unknown) => e instanceof KubexNoReadyPodError && /no running and ready pod behind Deployment web \(p: Pending, not ready\)/.test(e.message));
    assert.throws(() => pickPod([], "Service web"), (e: unknown) => e instanceof KubexNoReadyPodError && /no pods match its selector/.test(e.message));
  });
});

describe("ports", () => {
  const service = { metadata: { name: "web" }, spec: { selector: { app: "web" }, ports: [{ port: 80, targetPort: "http" }, { port: 81, targetPort: 9091 }, { port: 82 }, { port: 83, targetPort: "9092" }, { port: 84, targetPort: "nope" }, { port: 53, protocol: "UDP" }] } };
  const p = pod("p", "Running", true);
  const table: [servicePort: number, want: number][] = [[80, 8080], [81, 9091], [82, 82], [83, 9092]];
  for (const [port, want] of table) it(`Service port ${port} -> pod port ${want}`, () => assert.equal(podPortForServicePort(service, p, port), want));
  it("an unknown service port, a UDP port or a missing named port are typed errors naming them", () => {
    assert.throws(() => podPortForServicePort(service, p, 8080), (e: unknown) => e instanceof KubexArgumentError && /Service web has no TCP port 8080/.test(e.message));
    assert.throws(() => podPortForServicePort(service, p, 53), /no TCP port 53/);
    assert.throws(() => podPortForServicePort(service, p, 84), /no container port named "nope"/);
  });
  it("pod ports by name or number", () => {
    assert.equal(podPort(p, "metrics"), 9090);
    assert.equal(podPort(p, 7000), 7000);
    assert.equal(podPort(p, "7001"), 7001);
    assert.throws(() => podPort(p, "grpc"), KubexArgumentError);
  });
});
