import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { dumpYaml, KubexManifestError, parseManifests } from "../../../runtime/manifests/index.js";

const cm = (name: string) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name } });

describe("parseManifests", () => {
  it("reads several documents in order, skipping empty and comment-only ones", () => {
    const text = `# a leading comment\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n---\n# only a comment\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n...\n`;
    assert.deepEqual(parseManifests(text), [cm("a"), cm("b")]);
  });

  it("flattens a List and a typed *List into their items", () => {
    const text = JSON.stringify({ apiVersion: "v1", kind: "List", items: [cm("a"), cm("b")] }) + "\n---\n" + JSON.stringify({ apiVersion: "v1", kind: "ConfigMapList", items: [cm("c")] });
    assert.deepEqual(parseManifests(text).map((o) => o.metadata?.name), ["a", "b", "c"]);
  });

  it("reads scalars as kubectl does (YAML 1.1): octal modes, unquoted yes/no, quoted strings stay strings", () => {
    const [pod] = parseManifests(`apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  volumes:\n  - name: v\n    secret: {secretName: s, defaultMode: 0644}\n  x: no\n  q: "no"\n  z: "0644"\n`);
    const spec = pod!.spec as { volumes: { secret: { defaultMode: number } }[]; x: unknown; q: unknown; z: unknown };
    assert.equal(spec.volumes[0]!.secret.defaultMode, 0o644);
    assert.equal(spec.x, false);
    assert.equal(spec.q, "no");
    assert.equal(spec.z, "0644");
  });

  const bad: [text: string, index: number, line: number | undefined, pattern: RegExp][] = [
    [`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: [unclosed\n`, 1, 7, /document 1 \(line \d+\)/],
    [`apiVersion: v1\nkind: ConfigMap\n---\nkind: Secret\nmetadata: {name: s}\n`, 1, 4, /apiVersion must be a non-empty string/],
    [`- a\n- b\n`, 0, 1, /expected an object, got a list/],
    [`just a string\n`, 0, 1, /expected an object, got string/],
    [`apiVersion: v1\nkind: List\nitems:\n- {kind: ConfigMap}\n`, 0, 1, /items\[0\]: apiVersion/],
    [`apiVersion: v1\nkind: ConfigMap\nmetadata: 5\n`, 0, 1, /metadata must be an object/],
    [`apiVersion: v1\napiVersion: v2\nkind: ConfigMap\n`, 0, undefined, /document 0/],
  ];
  for (const [text, index, line, pattern] of bad) {
    it(`names document ${index}${line ? ` and line ${line}` : ""} for ${JSON.stringify(text.slice(0, 40))}`, () => {
      assert.throws(() => parseManifests(text), (e: unknown) => {
        assert.ok(e instanceof KubexManifestError, String(e));
        assert.equal(e.documentIndex, index);
        if (line !== undefined) assert.equal(e.line, line);
        assert.match(e.message, pattern);
        return true;
      });
    });
  }

  it("an alias bomb is refused instead of expanding", () => {
    const bomb = `a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\napiVersion: v1\nkind: ConfigMap\n`;
    assert.throws(() => parseManifests(bomb), (e: unknown) => e instanceof KubexManifestError && /alias/i.test(e.message));
    assert.throws(() => parseManifests("apiVersion: v1\nkind: ConfigMap\ndata: {<<: 0}\n"), (e: unknown) => e instanceof KubexManifestError && /document 0 \(line 1\): Merge sources/.test(e.message));
  });
});

describe("dumpYaml", () => {
  it("writes several objects as several documents that parse back", () => {
    const text = dumpYaml([cm("a"), cm("b")]);
    assert.match(text, /^---$/m);
    assert.deepEqual(parseManifests(text), [cm("a"), cm("b")]);
  });

  it("quotes strings that YAML 1.1 would read as other types", () => {
    const object = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x" }, data: { a: "no", b: "0644", c: "1e3", d: "on", e: "null", f: "~", g: "2026-01-01" } };
    assert.deepEqual(parseManifests(dumpYaml(object)), [object]);
  });

  it("a key named << stays a key, not a merge key", () => {
    const object = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x" }, data: { "<<": "0" } };
    assert.deepEqual(parseManifests(dumpYaml(object)), [object]);
  });

  it("round-trips any JSON data through dumpYaml and parseManifests", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 })), (data) => {
        const object = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x" }, data };
        // Through JSON on both sides: -0 is 0 on the wire.
        assert.deepEqual(JSON.parse(JSON.stringify(parseManifests(dumpYaml(object)))), [JSON.parse(JSON.stringify(object))]);
      }),
      { numRuns: 300 },
    );
  });
});
