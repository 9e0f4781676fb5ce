// parseManifests, checkManifests and dumpYaml, rule by rule: each refusal's exact message with
// the document and line it names, what counts as a list to flatten, and how YAML is written.
import assert from "node:assert/strict";
import { test } from "node:test";
import { applyManifests, dumpYaml, KubexManifestError, parseManifests } from "../../../runtime/index.js";
import { KubexArgumentError } from "../../../runtime/errors.js";
import { RecordingClient } from "../api/recording-client.js";

function refusedWith(message: string, line?: number) {
  return (e: unknown) => {
    assert.ok(e instanceof KubexManifestError, String(e));
    assert.equal(e.message.replace(/^manifests: /, ""), message);
    assert.equal(e.line, line);
    return true;
  };
}

const bad: [string, string, number | undefined][] = [
  ["apiVersion: v1\nkind: List\nitems:\n- null\n", "document 0 (line 1): items[0]: expected an object, got null", 1],
  ["apiVersion: v1\nkind: List\nitems:\n- 5\n", "document 0 (line 1): items[0]: expected an object, got number", 1],
  ["apiVersion: v1\nkind: List\nitems:\n- [a]\n", "document 0 (line 1): items[0]: expected an object, got a list", 1],
  ["apiVersion: ''\nkind: ConfigMap\n", "document 0 (line 1): apiVersion must be a non-empty string", 1],
  ["apiVersion: v1\nkind: 5\n", "document 0 (line 1): kind must be a non-empty string", 1],
  ["apiVersion: v1\nkind: ''\n", "document 0 (line 1): kind must be a non-empty string", 1],
  ["apiVersion: v1\nkind: ConfigMap\nmetadata: [a]\n", "document 0 (line 1): metadata must be an object", 1],
  ["\n\n# c\napiVersion: v1\nkind: ConfigMap\nmetadata: null\n", "document 0 (line 4): metadata must be an object", 4],
  ["true\n", "document 0 (line 1): expected an object, got boolean", 1],
];
for (const [text, message, line] of bad) {
  test(`parseManifests refuses ${JSON.stringify(text)}: ${message}`, () => {
    assert.throws(() => parseManifests(text), refusedWith(message, line));
  });
}

test("parseManifests: a syntax error names the first line of the parser's message only", () => {
  assert.throws(() => parseManifests("apiVersion: v1\nkind: ConfigMap\n---\na: [\n"), (e: unknown) => {
    assert.ok(e instanceof KubexManifestError);
    assert.equal(e.documentIndex, 1);
    assert.equal(e.message.includes("\n"), false, e.message);
    return true;
  });
});

test("parseManifests: what is not text is refused naming its type", () => {
  assert.throws(() => parseManifests(5 as never), (e: unknown) => e instanceof KubexArgumentError && e.message === "manifests: expected YAML text, got number");
  assert.throws(() => parseManifests(null as never), (e: unknown) => e instanceof KubexArgumentError && e.message === "manifests: expected YAML text, got null");
  assert.throws(() => parseManifests(undefined as never), (e: unknown) => e instanceof KubexArgumentError && /got undefined$/.test(e.message));
});

test("parseManifests: an empty text and a text of comments are no objects", () => {
  assert.deepEqual(parseManifests(""), []);
  assert.deepEqual(parseManifests("# nothing\n---\n# more\n"), []);
});

test("parseManifests: a List without items, and a *List whose items is not a list, are objects of their own", () => {
  assert.deepEqual(parseManifests("apiVersion: v1\nkind: List\n"), [{ apiVersion: "v1", kind: "List" }]);
  assert.deepEqual(parseManifests("apiVersion: v1\nkind: PodList\nitems: {}\n"), [{ apiVersion: "v1", kind: "PodList", items: {} }]);
  assert.deepEqual(parseManifests("apiVersion: v1\nkind: ConfigMap\nitems: [1]\n"), [{ apiVersion: "v1", kind: "ConfigMap", items: [1] }], "only a *List kind is flattened");
});

test("parseManifests: a kind ending in List with items is flattened, items checked by their index", () => {
  assert.throws(() => parseManifests("apiVersion: v1\nkind: ConfigMapList\nitems:\n- {apiVersion: v1, kind: ConfigMap}\n- {kind: ConfigMap}\n"),
    refusedWith("document 0 (line 1): items[1]: apiVersion must be a non-empty string", 1));
});

test("applyManifests: objects given directly are checked and flattened like parsed ones, naming their index", async () => {
  const client = new RecordingClient();
  await assert.rejects(applyManifests(client, [{ apiVersion: "v1", kind: "ConfigMap" }, { apiVersion: "v1" } as never], { fieldManager: "m" }),
    (e: unknown) => e instanceof KubexManifestError && e.message === "manifests: document 1: kind must be a non-empty string" && e.line === undefined);
  await assert.rejects(applyManifests(client, { apiVersion: "v1", kind: "List", items: [null] } as never, { fieldManager: "m" }),
    (e: unknown) => e instanceof KubexManifestError && e.message === "manifests: document 0: items[0]: expected an object, got null");
  assert.equal(client.sent.length, 0);
});

test("dumpYaml: one object is one document; several are joined by ---", () => {
  const cm = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a" } };
  assert.equal(dumpYaml(cm), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n");
  assert.equal(dumpYaml([cm, cm]), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n");
});

test("dumpYaml: long strings stay on one line, and a value used twice is written twice, not as an alias", () => {
  const long = "word ".repeat(40).trim();
  const labels = { app: "web" };
  const text = dumpYaml({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a", labels, annotations: labels }, data: { long } });
  assert.ok(text.includes(`long: ${long}\n`), text);
  assert.equal(/[&*]a\d/.test(text), false, text);
});

test('dumpYaml: a key "<<" is written as a double-quoted, tagged string', () => {
  assert.equal(dumpYaml({ data: { "<<": "x" } }), 'data:\n  !!str "<<": x\n');
});
