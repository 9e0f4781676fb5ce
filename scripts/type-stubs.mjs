// The package's declarations are written once, in dist/cjs, where both module systems can read
// them (an ES module may import CommonJS; the reverse needs require(esm)). An ESM entry point's
// declaration file is then a one-line re-export of its CommonJS twin. tsc emits the same
// declarations for both builds, so nothing is lost; attw checks the result.
import { posix } from "node:path";

const banner = "// Declared once, in dist/cjs: an import reads the same declarations as a require.";

/**
 * The stubs to write: for every declaration under dist/cjs that an `import` condition's
 * `types` in the exports map resolves to (with `*` matching any path), the path of its ESM
 * twin and the re-export it holds.
 * @param {Record<string, unknown>} exportsMap package.json's `exports`
 * @param {readonly string[]} declarations package-relative paths of the files under dist/cjs
 * @returns {Map<string, string>} ESM path → file text
 */
export function planTypeStubs(exportsMap, declarations) {
  const patterns = Object.values(exportsMap).flatMap((entry) => {
    const types = typeof entry === "object" && entry !== null ? entry.import?.types : undefined;
    if (typeof types !== "string") return [];
    const [before, after = ""] = types.replace(/^\.\//, "").split("*");
    const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return [new RegExp(`^${escape(before)}${types.includes("*") ? ".+" : ""}${escape(after)}$`)];
  });
  const stubs = new Map();
  for (const cjs of declarations) {
    const esm = cjs.replace(/^dist\/cjs\//, "dist/esm/");
    if (!cjs.endsWith(".d.ts") || !patterns.some((p) => p.test(esm))) continue;
    const target = posix.relative(posix.dirname(esm), cjs).replace(/\.d\.ts$/, ".js");
    stubs.set(esm, `${banner}\nexport * from "${target}";\n`);
  }
  return stubs;
}
