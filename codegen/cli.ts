#!/usr/bin/env node
/**
 * kubex-gen: typed Kubernetes APIs from an OpenAPI spec.
 *
 *   kubex-gen --input api/openapi-spec/v3 --out generated/k8s --label v1_35 [--runtime-module kubex] [--enums enums.json] [--check]
 *   kubex-gen --from-cluster [--kubeconfig FILE] [--context NAME] --out src/k8s --label cluster [--runtime-module kubex] [--check]
 *   kubex-gen crd FILE|DIR... --out src/k8s --label crds [--runtime-module kubex] [--meta-module M] [--check]
 *   kubex-gen lifecycle --release 1.32.13=SPEC[,API_MODULE]... --out generated/lifecycle.ts [--check]
 */
import { parseArgs } from "node:util";
import { check, checkLifecycle, ClusterSpecError, generate, generateLifecycle, SpecError, type LifecycleRelease } from "./index.js";

const usage = `usage: kubex-gen --input <spec file or v3 directory> --out <dir> --label <v1_35> [--runtime-module <module or path>] [--enums <catalog>] [--kube-version <1.35.4> [--api-module <k8s.io/api dir>]] [--check]
       kubex-gen --from-cluster [--kubeconfig <file>] [--context <name>] --out <dir> --label <label> [--runtime-module <module or path>] [--check]
       kubex-gen lifecycle --release <1.35.4>=<spec>[,<k8s.io/api dir>]... --out <file> [--check]
       kubex-gen crd <CRD file or directory>... --out <dir> --label <label> [--runtime-module <module or path>] [--meta-module <module or path>] [--check]`;

function parseOptions() {
  return parseArgs({
    allowPositionals: true,
    options: {
      input: { type: "string" },
      "from-cluster": { type: "boolean", default: false },
      kubeconfig: { type: "string" },
      context: { type: "string" },
      out: { type: "string" },
      label: { type: "string" },
      "runtime-module": { type: "string" },
      // Short spelling of --runtime-module.
      runtime: { type: "string" },
      "meta-module": { type: "string" },
      enums: { type: "string" },
      "kube-version": { type: "string" },
      "api-module": { type: "string" },
      release: { type: "string", multiple: true },
      check: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
}

async function main(): Promise<number> {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions();
  } catch (error) {
    console.error(`kubex-gen: ${error instanceof Error ? error.message : String(error)}\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const [command, ...crds] = positionals;
  if (command === "lifecycle") return lifecycleCommand(values.release ?? [], values.out, values.check);
  const fromCrds = command === "crd";
  const fromCluster = values["from-cluster"];
  // Exactly one input: CRD manifests, a live cluster, or a spec file or directory.
  const inputs = [fromCrds, fromCluster, values.input !== undefined].filter(Boolean).length;
  const clusterOnly = !fromCluster && (values.kubeconfig !== undefined || values.context !== undefined);
  const input = inputs === 1 && !clusterOnly && (fromCrds ? crds.length > 0 : command === undefined);
  if (!input || !values.out || !values.label) {
    console.error(clusterOnly ? `kubex-gen: --kubeconfig and --context go with --from-cluster\n${usage}` : usage);
    return 2;
  }
  const common = { out: values.out, label: values.label, runtime: values["runtime-module"] ?? values.runtime };
  const release = { kubeVersion: values["kube-version"], apiModule: values["api-module"] };
  const cluster = {
    ...(values.kubeconfig === undefined ? {} : { kubeconfig: values.kubeconfig }),
    ...(values.context === undefined ? {} : { context: values.context }),
  };
  const options = fromCrds
    ? { ...common, crds, metaModule: values["meta-module"] }
    : fromCluster
      ? { ...common, cluster }
      : { ...common, ...release, input: values.input!, enums: values.enums };
  const started = performance.now();
  if (values.check) {
    const differing = await check(options);
    if (differing.length > 0) {
      console.error(`kubex-gen: ${differing.length} generated file(s) differ from the generator's output:`);
      for (const path of differing) console.error(`  ${values.out}/${values.label}/${path}`);
      return 1;
    }
    console.log(`kubex-gen: ${values.out}/${values.label} is up to date`);
    return 0;
  }
  const count = await generate(options);
  console.log(`kubex-gen: wrote ${count} files to ${values.out}/${values.label} in ${((performance.now() - started) / 1000).toFixed(1)}s`);
  return 0;
}

/** `--release 1.35.4=<spec>[,<k8s.io/api dir>]` for each release. */
async function lifecycleCommand(releases: string[], out: string | undefined, checkOnly: boolean | undefined): Promise<number> {
  const parsed = releases.map((r): LifecycleRelease | undefined => {
    const match = /^([^=]+)=([^,]+)(?:,(.+))?$/.exec(r);
    return match ? { version: match[1]!, input: match[2]!, ...(match[3] ? { apiModule: match[3] } : {}) } : undefined;
  });
  if (!out || parsed.length === 0 || parsed.includes(undefined)) {
    console.error(usage);
    return 2;
  }
  const options = { releases: parsed as LifecycleRelease[], out };
  if (checkOnly) {
    if (await checkLifecycle(options)) {
      console.log(`kubex-gen: ${out} is up to date`);
      return 0;
    }
    console.error(`kubex-gen: ${out} differs from the generator's output`);
    return 1;
  }
  await generateLifecycle(options);
  console.log(`kubex-gen: wrote ${out}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    // Input and cluster failures are the user's to fix: their message says what, without a stack.
    console.error(error instanceof SpecError || error instanceof ClusterSpecError ? `kubex-gen: ${error.message}` : error);
    process.exit(1);
  },
);
