// Deterministic API-server responses for the client-cost mode, synthesized at run time from a pod
// as a kube-apiserver returns it for a kwok node (managed fields included, as in a real list).
// Nothing here is random or time-dependent, so every run serves the same bytes.

const NODE = "kwok-node-0";
const T0 = Date.UTC(2026, 0, 1);
const time = (s) => new Date(T0 + s * 1000).toISOString().replace(".000Z", "Z");
const hex = (n, width) => n.toString(16).padStart(width, "0");
const uid = (i) => `${hex(i, 8)}-75c0-4d44-8b90-${hex(i * 2654435761 % 2 ** 48, 12)}`;

/** Pod number `i` in `namespace`. */
export function pod(namespace, i) {
  const name = `pod-${String(i).padStart(5, "0")}`;
  const t = time(i);
  const volume = `kube-api-access-${hex(i * 7919 % 1048576, 5)}`;
  return {
    apiVersion: "v1", kind: "Pod",
    metadata: {
      creationTimestamp: t, generation: 1, labels: { app: "kubex-bench", shard: String(i % 16) }, name, namespace,
      resourceVersion: String(1000 + i), uid: uid(i),
      managedFields: [
        { apiVersion: "v1", fieldsType: "FieldsV1", fieldsV1: { "f:metadata": { "f:labels": { ".": {}, "f:app": {}, "f:shard": {} } }, "f:spec": { "f:containers": { 'k:{"name":"main"}': { ".": {}, "f:env": { ".": {}, 'k:{"name":"ROLE"}': { ".": {}, "f:name": {}, "f:value": {} } }, "f:image": {}, "f:imagePullPolicy": {}, "f:name": {}, "f:resources": {}, "f:terminationMessagePath": {}, "f:terminationMessagePolicy": {} } }, "f:dnsPolicy": {}, "f:enableServiceLinks": {}, "f:nodeName": {}, "f:restartPolicy": {}, "f:schedulerName": {}, "f:securityContext": {}, "f:terminationGracePeriodSeconds": {}, "f:tolerations": {} } }, manager: "kubex-bench", operation: "Update", time: t },
        { apiVersion: "v1", fieldsType: "FieldsV1", fieldsV1: { "f:status": { "f:conditions": { 'k:{"type":"ContainersReady"}': { ".": {}, "f:lastProbeTime": {}, "f:lastTransitionTime": {}, "f:status": {}, "f:type": {} }, 'k:{"type":"Initialized"}': { ".": {}, "f:lastProbeTime": {}, "f:lastTransitionTime": {}, "f:status": {}, "f:type": {} }, 'k:{"type":"Ready"}': { ".": {}, "f:lastProbeTime": {}, "f:lastTransitionTime": {}, "f:status": {}, "f:type": {} } }, "f:containerStatuses": {}, "f:hostIP": {}, "f:hostIPs": {}, "f:phase": {}, "f:podIP": {}, "f:podIPs": { ".": {}, 'k:{"ip":"127.1.0.1"}': { ".": {}, "f:ip": {} } }, "f:startTime": {} } }, manager: "kwok", operation: "Update", subresource: "status", time: t },
      ],
    },
    spec: {
      containers: [{
        env: [{ name: "ROLE", value: "bench" }], image: "registry.k8s.io/pause:3.10", imagePullPolicy: "IfNotPresent", name: "main", resources: {},
        terminationMessagePath: "/dev/termination-log", terminationMessagePolicy: "File",
        volumeMounts: [{ mountPath: "/var/run/secrets/kubernetes.io/serviceaccount", name: volume, readOnly: true }],
      }],
      dnsPolicy: "ClusterFirst", enableServiceLinks: true, nodeName: NODE, preemptionPolicy: "PreemptLowerPriority", priority: 0,
      restartPolicy: "Always", schedulerName: "default-scheduler", securityContext: {}, serviceAccount: "default", serviceAccountName: "default",
      terminationGracePeriodSeconds: 30,
      tolerations: [
        { effect: "NoSchedule", key: "kwok.x-k8s.io/node", operator: "Exists" },
        { effect: "NoExecute", key: "node.kubernetes.io/not-ready", operator: "Exists", tolerationSeconds: 300 },
        { effect: "NoExecute", key: "node.kubernetes.io/unreachable", operator: "Exists", tolerationSeconds: 300 },
      ],
      volumes: [{
        name: volume,
        projected: {
          defaultMode: 420,
          sources: [
            { serviceAccountToken: { expirationSeconds: 3607, path: "token" } },
            { configMap: { items: [{ key: "ca.crt", path: "ca.crt" }], name: "kube-root-ca.crt" } },
            { downwardAPI: { items: [{ fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" }, path: "namespace" }] } },
          ],
        },
      }],
    },
    status: {
      conditions: ["Initialized", "Ready", "ContainersReady"].map((type) => ({ lastProbeTime: null, lastTransitionTime: t, status: "True", type })),
      containerStatuses: [{ image: "registry.k8s.io/pause:3.10", imageID: "", lastState: {}, name: "main", ready: true, restartCount: 0, state: { running: { startedAt: t } } }],
      hostIP: "127.0.0.1", hostIPs: [{ ip: "127.0.0.1" }], phase: "Running",
      podIP: `127.1.${(i >> 8) & 255}.${i & 255}`, podIPs: [{ ip: `127.1.${(i >> 8) & 255}.${i & 255}` }],
      qosClass: "BestEffort", startTime: t,
    },
  };
}

/** A PodList body of `n` pods, as `GET /api/v1/namespaces/{ns}/pods` returns it. */
export function podList(namespace, n) {
  const items = Array.from({ length: n }, (_, i) => pod(namespace, i));
  return Buffer.from(JSON.stringify({ kind: "PodList", apiVersion: "v1", metadata: { resourceVersion: String(1000 + n) }, items }));
}

/** A watch stream body of `n` ADDED events, one JSON object per line. */
export function watchStream(namespace, n) {
  const lines = Array.from({ length: n }, (_, i) => JSON.stringify({ type: "ADDED", object: pod(namespace, i) }) + "\n");
  return Buffer.from(lines.join(""));
}

/** A container log of `n` lines of the length and shape of an application's log. */
export function logText(n) {
  const lines = Array.from({ length: n }, (_, i) => `${time(i)} INFO  worker-${i % 8} request ${i} handled path=/api/items/${i % 997} status=200 duration_ms=${(i * 37) % 250}\n`);
  return Buffer.from(lines.join(""));
}
