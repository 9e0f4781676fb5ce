// kubex-gen --from-cluster against the live API server with a CRD installed: the CLI reads
// /openapi/v3 with the kubeconfig, the output type-checks under strict, and a typed program
// over it (CRUD, watch, status apply on the custom resource, CRUD on a built-in) runs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { e2eCluster, kubectl, printLogsOnFailure } from "./support/cluster.js";
import { skipOrFail } from "./support/skip.js";
import { eventually } from "./support/clients.js";

printLogsOnFailure();
const root = new URL("../..", import.meta.url).pathname;
const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const group = `live${suffix}.kubex.test`;
const namespace = `from-cluster-${suffix}`;

const crd = {
  apiVersion: "apiextensions.k8s.io/v1",
  kind: "CustomResourceDefinition",
  metadata: { name: `gizmos.${group}` },
  spec: {
    group,
    scope: "Namespaced",
    names: { plural: "gizmos", singular: "gizmo", kind: "Gizmo", listKind: "GizmoList" },
    versions: [
      {
        name: "v1",
        served: true,
        storage: true,
        subresources: { status: {} },
        schema: {
          openAPIV3Schema: {
            type: "object",
            properties: {
              spec: { type: "object", required: ["size"], properties: { size: { type: "integer" }, mode: { type: "string", enum: ["Fast", "Slow"] } } },
              status: { type: "object", properties: { replicas: { type: "integer" }, phase: { type: "string" } } },
            },
          },
        },
      },
    ],
  },
};

/** A program written against the generated modules; type-checked first, then run. */
const program = (runtime: string) => `import { Api, createClient, loadKubeconfig } from ${JSON.stringify(runtime)};
import { Gizmo } from "./live/${group}/v1/index.js";
import { ConfigMap } from "./live/core/v1/index.js";

export async function run(kubeconfig: string, namespace: string): Promise<string[]> {
  const client = await createClient({ configuration: loadKubeconfig({ path: kubeconfig }) });
  const steps: string[] = [];
  const controller = new AbortController();
  try {
    const gizmos = new Api(Gizmo, { client, namespace });
    const listed = await gizmos.list();
    const watched: string[] = [];
    const watching = (async () => {
      for await (const event of gizmos.watch({ resourceVersion: listed.metadata?.resourceVersion, signal: controller.signal, inactivityTimeout: 60 })) {
        if (event.type === "BOOKMARK") continue;
        const size: number | undefined = event.object.spec?.size;
        watched.push(\`\${event.type} \${size}\`);
        if (event.type === "DELETED") break;
      }
    })();
    const created = await gizmos.create({ metadata: { name: "g1" }, spec: { size: 1, mode: "Fast" } });
    steps.push(\`created \${created.spec?.size} \${created.spec?.mode}\`);
    const patched = await gizmos.patch("g1", { spec: { size: 2 } });
    steps.push(\`patched \${patched.spec?.size}\`);
    const applied = await gizmos.status.patch("g1", { status: { replicas: 3, phase: "Ready" } }, { type: "apply", fieldManager: "kubex-e2e", force: true });
    const replicas: number | undefined = applied.status?.replicas;
    steps.push(\`status applied \${replicas} \${applied.status?.phase}\`);
    steps.push(\`listed \${(await gizmos.list()).items.map((g) => g.metadata?.name).join(",")}\`);
    await gizmos.delete("g1");
    await watching;
    steps.push(\`watched \${watched.join(", ")}\`);
    const configMaps = new Api(ConfigMap, { client, namespace });
    const made = await configMaps.create({ metadata: { name: "c1" }, data: { key: "value" } });
    steps.push(\`configmap \${made.data?.["key"]}\`);
    await configMaps.delete("c1");
    return steps;
  } finally {
    controller.abort();
    await client.close();
  }
}
`;

/** Runs the CLI without blocking this process. */
function cli(args: string[]): Promise<{ status: number; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", join(root, "codegen/cli.ts"), ...args], { cwd: root, encoding: "utf8", timeout: 180_000 }, (error, stdout, stderr) => {
      resolve({ status: error === null ? 0 : typeof error.code === "number" ? error.code : -1, output: `${stdout}${stderr}` });
    });
  });
}

test("kubex-gen --from-cluster: the live cluster's built-ins and CRD generate modules that type-check and drive typed CRUD, watch and status apply", { timeout: 300_000 }, async (t) => {
  const cluster = await e2eCluster();
  if ("skip" in cluster) return skipOrFail(t, cluster.skip);
  const applied = await kubectl(cluster, ["apply", "-f", "-"], { input: JSON.stringify(crd) });
  assert.equal(applied.code, 0, applied.stderr);
  t.after(() => kubectl(cluster, ["delete", "crd", `gizmos.${group}`, "--wait=false"]).then(() => undefined));
  assert.equal((await kubectl(cluster, ["create", "namespace", namespace])).code, 0);
  t.after(() => kubectl(cluster, ["delete", "namespace", namespace, "--wait=false"]).then(() => undefined));
  await eventually("the CRD's group-version in /openapi/v3", async () => {
    const r = await kubectl(cluster, ["get", "--raw", "/openapi/v3"]);
    return r.code === 0 && r.stdout.includes(`apis/${group}/v1`) ? true : undefined;
  });

  const out = mkdtempSync(join(tmpdir(), "kubex-from-cluster-"));
  const started = performance.now();
  const generated = await cli(["--from-cluster", "--kubeconfig", cluster.kubeconfig, "--out", out, "--label", "live", "--runtime-module", join(root, "runtime/index.ts")]);
  assert.equal(generated.status, 0, generated.output);
  t.diagnostic(`${generated.output.trim()} (${Math.round(performance.now() - started)} ms with the process start)`);
  const gizmos = readFileSync(join(out, `live/${group}/v1/index.ts`), "utf8");
  assert.match(gizmos, /export const Gizmo: ResourceDescriptor<\s*Gizmo,\s*true,\s*"status",/);
  assert.match(gizmos, /mode\?: "Fast" \| "Slow";/);

  writeFileSync(join(out, "program.ts"), program(join(root, "runtime/index.js")));
  writeFileSync(
    join(out, "tsconfig.json"),
    JSON.stringify({
      extends: join(root, "tsconfig.base.json"),
      compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext", noEmit: true, types: ["node"], typeRoots: [join(root, "node_modules/@types")] },
      files: ["program.ts"],
    }),
  );
  const tsc = spawnSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", join(out, "tsconfig.json")], { encoding: "utf8", timeout: 180_000 });
  assert.equal(tsc.status, 0, `${tsc.stdout}${tsc.stderr}`);

  const { run } = (await import(join(out, "program.ts"))) as { run: (kubeconfig: string, namespace: string) => Promise<string[]> };
  assert.deepEqual(await run(cluster.kubeconfig, namespace), [
    "created 1 Fast",
    "patched 2",
    "status applied 3 Ready",
    "listed g1",
    "watched ADDED 1, MODIFIED 2, MODIFIED 2, DELETED 2",
    "configmap value",
  ]);
});
