// The docs snippet check's own pieces: which blocks it takes, and what it adds before each.
import { test } from "node:test";
import assert from "node:assert/strict";
import { extractSnippets, extractTsdocExamples, filePreludeOf, preludeEntries, snippetModule } from "./support/snippets.js";

test("ts and typescript fences are extracted with the line of their first code line; other fences are not", () => {
  const md = ["# t", "```ts", "a();", "```", "```bash", "echo", "```", "", "<!-- snippet: skip a fragment -->", "", "```typescript", "b();", "c();", "```", "```tsx", "d", "```"].join("\n");
  assert.deepEqual(extractSnippets("x.md", md), [
    { file: "x.md", line: 3, code: "a();" },
    { file: "x.md", line: 12, code: "b();\nc();", skip: "a fragment" },
  ]);
});

test("TSDoc examples: the ts blocks after each @example, without the comment margin, at their source line", () => {
  const source = [
    "/**",
    " * Gets a pod.",
    " *",
    " * ```ts",
    " * notAnExample();",
    " * ```",
    " * @example",
    " * ```ts",
    " * const pod = await pods.get(\"web\");",
    " * if (pod.spec) {",
    " *   use(pod);",
    " * }",
    " * ```",
    " * ```bash",
    " * kubectl get pod web",
    " * ```",
    " * @param name - the pod",
    " * ```ts",
    " * notAnExampleEither();",
    " * ```",
    " * @example Without a block",
    " */",
    "export function get() {}",
    "/** @example",
    " * ```ts",
    " * one();",
    " * ``` */",
  ].join("\n");
  assert.deepEqual(extractTsdocExamples("a.ts", source), [
    { file: "a.ts", line: 7, snippets: [{ file: "a.ts", line: 9, code: 'const pod = await pods.get("web");\nif (pod.spec) {\n  use(pod);\n}' }] },
    { file: "a.ts", line: 21, snippets: [] },
    { file: "a.ts", line: 24, snippets: [{ file: "a.ts", line: 26, code: "one();" }] },
  ]);
});

test("TSDoc examples: a comment opener inside a string is no comment", () => {
  const source = ['const marker = "/** @example";', "/**", " * @example", " * ```ts", " * two();", " * ```", " */", "export const x = 1;"].join("\n");
  assert.deepEqual(extractTsdocExamples("b.ts", source), [{ file: "b.ts", line: 3, snippets: [{ file: "b.ts", line: 5, code: "two();" }] }]);
});

test("a file's own prelude is read from its snippet prelude comment", () => {
  assert.equal(filePreludeOf("text\n<!-- snippet prelude\nconst x = 1;\n-->\nmore"), "const x = 1;");
  assert.equal(filePreludeOf("no prelude"), "");
});

const prelude = preludeEntries(`
const client = await createClient();
const pods = new Api(Pod, { client });
interface Widget { size: number }
`);
const exportsByModule = new Map([
  ["kubex", new Set(["Api", "createClient", "defineResource"])],
  ["kubex/k8s/v1_35/core/v1", new Set(["Pod", "Api"])],
]);

const cases: [string, string, string[]][] = [
  ["a free name brings its declaration, what that uses, and the imports", `await pods.get("a");`, [
    `import { Api, createClient } from "kubex";`,
    `import { Pod } from "kubex/k8s/v1_35/core/v1";`,
    "const client = await createClient();",
    "const pods = new Api(Pod, { client });",
  ]],
  ["a name the snippet declares or imports is left to it", `import { Api } from "kubex";\nconst pods = new Api(null!, {});`, []],
  ["names in strings, comments and property keys bring nothing", `const x = { pods: "pods", client: 1 }; // Pod`, []],
  ["a parameter named like a prelude value is the snippet's own", `[1].map((pods) => pods + 1);`, []],
  ["a type and a value of the same name are apart", `const Widget = defineResource<Widget>();`, [`import { defineResource } from "kubex";`, "interface Widget { size: number }"]],
];
for (const [title, code, head] of cases) {
  test(`snippet module: ${title}`, () => {
    const module = snippetModule(code, prelude, exportsByModule);
    assert.equal(module.offset, head.length);
    assert.equal(module.text, `${[...head, code].join("\n")}\nexport {};\n`);
  });
}
