// The generated resource kinds of one Kubernetes version as one markdown page: a row per
// kind with its group/version, scope, verbs and subresources, read from the generated
// descriptors themselves (so the page cannot disagree with the code). The reference links
// here instead of documenting 700 generated types one by one.

/** Whether a module member is a resource descriptor (identity as data). */
export function isDescriptor(value) {
  return (
    typeof value === "object" && value !== null &&
    typeof value.kind === "string" && typeof value.plural === "string" &&
    typeof value.listKind === "string" && typeof value.namespaced === "boolean"
  );
}

const cell = (values) => (values.length > 0 ? values.map((v) => `\`${v}\``).join(", ") : "–");
const allVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
const verbsCell = (verbs) => (verbs.join() === allVerbs.join() ? "all eight" : cell(verbs));

/** A short program using the version's types, shown on its page (and type-checked by test/unit/docs.test.ts). */
export function usageExample(label) {
  return [
    'import { Api, createClient } from "kubex";',
    `import { Deployment } from "kubex/k8s/${label}/apps/v1";`,
    `import { Pod } from "kubex/k8s/${label}/core/v1";`,
    "",
    "const client = await createClient();",
    'const deployments = new Api(Deployment, { client, namespace: "default" });',
    'await deployments.scale.patch("web", { spec: { replicas: 3 } });',
    'const pods = new Api(Pod, { client, namespace: "default" });',
    'for (const pod of (await pods.list({ labelSelector: "app=web" })).items) {',
    "  console.log(pod.metadata?.name, pod.status?.phase);",
    "}",
  ].join("\n");
}

/**
 * The markdown page for one version.
 * @param {string} label the version label, e.g. `v1_35`
 * @param {{ module: string, descriptor: { apiVersion: string, kind: string, plural: string, namespaced: boolean, verbs?: readonly string[], subresources?: readonly string[] } }[]} kinds
 */
export function resourcesPage(label, kinds) {
  const sorted = [...kinds].sort((a, b) => a.module.localeCompare(b.module) || a.descriptor.kind.localeCompare(b.descriptor.kind));
  const modules = new Set(sorted.map((k) => k.module));
  const lines = [
    `# Resource kinds of \`kubex/k8s/${label}\``,
    "",
    `${sorted.length} kinds in ${modules.size} modules, generated from the descriptors of \`generated/k8s/${label}\`.`,
    `Import a kind's type and descriptor from its module, e.g. \`import { Pod } from "kubex/k8s/${label}/core/v1"\`,`,
    "and use it with `new Api(Pod, { client })`. Scope decides whether the Api takes a namespace; the",
    "subresources decide which accessors (`pods.exec`, `deployments.scale`, ...) exist. *All eight* verbs:",
    `${allVerbs.map((v) => `\`${v}\``).join(", ")}.`,
    "",
    "```ts",
    usageExample(label),
    "```",
    "",
    "| Kind | apiVersion | Module | Scope | Plural | Verbs | Subresources |",
    "| --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const { module, descriptor: d } of sorted) {
    const verbs = d.verbs ? [...d.verbs].sort() : [];
    const subresources = d.subresources ? [...d.subresources].sort() : [];
    lines.push(`| ${d.kind} | \`${d.apiVersion}\` | \`kubex/k8s/${label}/${module}\` | ${d.namespaced ? "Namespaced" : "Cluster"} | \`${d.plural}\` | ${verbsCell(verbs)} | ${cell(subresources)} |`);
  }
  return `${lines.join("\n")}\n`;
}

/**
 * Every descriptor of a generated version tree, loaded through its index's `kindModules`.
 * Needs a TypeScript loader (run under `node --import tsx`).
 */
export async function loadKinds(root, label) {
  const base = new URL(`generated/k8s/${label}/`, root);
  const index = await import(new URL("index.ts", base).href);
  const modules = [...new Set(Object.values(index.kindModules))].sort();
  const kinds = [];
  for (const module of modules) {
    const members = await import(new URL(`${module}/index.ts`, base).href);
    for (const value of Object.values(members)) if (isDescriptor(value)) kinds.push({ module, descriptor: value });
  }
  return kinds;
}
