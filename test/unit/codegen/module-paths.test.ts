// A module's path is a function of its own group and version: built-in groups keep their short
// directories, CRD groups use their full group name, and nothing else in the spec moves them.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { generateFiles } from "../../../codegen/index.js";
import { writeSpec } from "./fixtures.js";

// Schema names as the specs publish them: built-ins under io.k8s.api.<package>, CRDs under their reversed group.
const pool = [
  "io.k8s.api.networking.v1.Ingress",
  "io.k8s.api.networking.v1.NetworkPolicy",
  "io.istio.networking.v1.VirtualService",
  "io.istio.networking.v1.Ingress",
  "com.example.networking.v1.Ingress",
  "com.example.v1.Foo",
  "org.example.v1.Foo",
  "io.k8s.networking.v1.Thing",
];

async function pathsOf(schemaNames: readonly string[]): Promise<Map<string, string>> {
  const schemas = Object.fromEntries(schemaNames.map((name) => [name, { type: "object", description: name, properties: { field: { type: "string" } } }]));
  const files = await generateFiles({ input: writeSpec("spec.json", { openapi: "3.0.0", info: { title: "t", version: "v1" }, paths: {}, components: { schemas } }), out: "/tmp/x", label: "v9" });
  const paths = new Map<string, string>();
  for (const [path, text] of files) for (const name of schemaNames) if (text.includes(`/** ${name} */`)) paths.set(name, path);
  return paths;
}

test("given schema names, want their modules: built-ins by a fixed short name, CRDs by their full group", async () => {
  assert.deepEqual(
    Object.fromEntries(await pathsOf(pool)),
    {
      "io.k8s.api.networking.v1.Ingress": "networking/v1/index.ts",
      "io.k8s.api.networking.v1.NetworkPolicy": "networking/v1/index.ts",
      "io.istio.networking.v1.VirtualService": "networking.istio.io/v1/index.ts",
      "io.istio.networking.v1.Ingress": "networking.istio.io/v1/index.ts",
      "com.example.networking.v1.Ingress": "networking.example.com/v1/index.ts",
      "com.example.v1.Foo": "example.com/v1/index.ts",
      "org.example.v1.Foo": "example.org/v1/index.ts",
      "io.k8s.networking.v1.Thing": "networking.k8s.io/v1/index.ts",
    },
  );
});

test("adding or removing other groups never changes a module's path", async () => {
  const alone = new Map<string, string>();
  for (const name of pool) alone.set(name, (await pathsOf([name])).get(name)!);
  await fc.assert(
    fc.asyncProperty(fc.subarray(pool, { minLength: 1 }), async (names) => {
      const together = await pathsOf(names);
      for (const name of names) assert.equal(together.get(name), alone.get(name), name);
    }),
    { numRuns: 25 },
  );
});
