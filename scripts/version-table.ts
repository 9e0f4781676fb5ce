// The README's table of shipped versions, computed from scripts/k8s-versions.json and each
// version's generated index (its kinds by apiVersion): what each version adds and removes
// relative to the one before. `node --import tsx scripts/version-table.ts` prints it; a test
// keeps the README's copy equal to it.
import { readFileSync } from "node:fs";

const root = new URL("..", import.meta.url);

export interface ShippedVersion {
  readonly label: string;
  readonly kubernetes: string;
}

export function shippedVersions(): ShippedVersion[] {
  return JSON.parse(readFileSync(new URL("scripts/k8s-versions.json", root), "utf8")) as ShippedVersion[];
}

const groupVersionOf = (key: string) => key.slice(0, key.lastIndexOf("/"));
const kindOf = (key: string) => key.slice(key.lastIndexOf("/") + 1);
const code = (values: string[]) => values.map((v) => `\`${v}\``).join(", ");

/** "`a/v1`; kinds `a/v2` X, Y": new group-versions whole, and new kinds of group-versions both have. */
function change(from: Set<string>, to: Set<string>): string {
  const fromGroupVersions = new Set([...from].map(groupVersionOf));
  const toGroupVersions = new Set([...to].map(groupVersionOf));
  const groupVersions = [...toGroupVersions].filter((gv) => !fromGroupVersions.has(gv)).sort();
  const kinds = new Map<string, string[]>();
  for (const key of [...to].filter((k) => !from.has(k) && fromGroupVersions.has(groupVersionOf(k))).sort()) {
    kinds.set(groupVersionOf(key), [...(kinds.get(groupVersionOf(key)) ?? []), kindOf(key)]);
  }
  const parts = [...(groupVersions.length > 0 ? [code(groupVersions)] : []), ...[...kinds].map(([gv, names]) => `\`${gv}\` ${names.join(", ")}`)];
  return parts.length > 0 ? parts.join("; ") : "–";
}

export async function versionTable(): Promise<string> {
  const lines = [
    "| Module | Generated from | Kinds | Adds (group-versions; kinds) | Removes |",
    "| --- | --- | --- | --- | --- |",
  ];
  let previous: Set<string> | undefined;
  for (const { label, kubernetes } of shippedVersions()) {
    const index = (await import(new URL(`generated/k8s/${label}/index.ts`, root).href)) as { kindModules: Record<string, string> };
    const kinds = new Set(Object.keys(index.kindModules));
    const groupVersions = new Set([...kinds].map(groupVersionOf)).size;
    const adds = previous ? change(previous, kinds) : "(the oldest shipped)";
    const removes = previous ? change(kinds, previous) : "–";
    lines.push(`| \`kubex/k8s/${label}\` | Kubernetes ${kubernetes} | ${kinds.size} in ${groupVersions} group-versions | ${adds} | ${removes} |`);
    previous = kinds;
  }
  return `${lines.join("\n")}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(await versionTable());
