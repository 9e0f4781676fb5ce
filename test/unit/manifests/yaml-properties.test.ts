// parseManifests on hostile text: whatever the input, the answer is checked manifest objects or a
// KubexManifestError naming a document and a line that exist, never another error or a hang.
// Then the rules such texts exercise: directives without a document, the size bound, lines.
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { dumpYaml, KubexManifestError, MAX_MANIFEST_TEXT, parseManifests, type ManifestObject } from "../../../runtime/manifests/index.js";
import { KubexArgumentError } from "../../../runtime/errors.js";

/** Pieces of YAML that make parsers stumble: markers, directives, anchors, merges, tags, flow, quotes. */
const fragment = fc.constantFrom(
  "---\n", "...\n", "\n", "# c\n", "  ", "\t", "- ", ": ", "? ", ",", "{", "}", "[", "]", "'", '"', "|\n", ">-\n",
  "%YAML 1.1\n", "%YAML 1.1 x\n", "%TAG !a!\n", "%TAG !e! tag:example.com:\n", "&a ", "*a", "*b", "<<: ", "<<: *a\n",
  "!!str ", "!!binary ", "!!set ", "!!omap ", "!e!x ", "apiVersion: v1\n", "kind: ConfigMap\n", "kind: List\n",
  "kind: PodList\n", "items:\n", "metadata: ", "name: a\n", "null", "~", "0644", "no", "2026-01-01", "\u0000", "\ufeff", "\r\n",
);
const hostile = fc.oneof(fc.array(fragment, { maxLength: 30 }).map((parts) => parts.join("")), fc.string({ maxLength: 200 }), fc.string({ unit: "grapheme", maxLength: 60 }));

const lineCount = (text: string) => text.split("\n").length;

test("parseManifests on any text: checked objects, or a KubexManifestError naming a document and a line of the text", () => {
  fc.assert(
    fc.property(hostile, (text) => {
      let objects: ManifestObject[];
      try {
        objects = parseManifests(text);
      } catch (error) {
        assert.ok(error instanceof KubexManifestError, `${String(error)} for ${JSON.stringify(text)}`);
        assert.ok(Number.isInteger(error.documentIndex) && error.documentIndex >= 0, String(error.documentIndex));
        assert.ok(error.line === undefined || (Number.isInteger(error.line) && error.line >= 1 && error.line <= lineCount(text)), `line ${error.line} of ${JSON.stringify(text)}`);
        assert.match(error.message, new RegExp(`^manifests: document ${error.documentIndex}${error.line === undefined ? "" : ` \\(line ${error.line}\\)`}: \\S`));
        assert.equal(error.message.includes("\n"), false, error.message);
        return;
      }
      for (const object of objects) {
        assert.equal(typeof object.apiVersion, "string");
        assert.notEqual(object.apiVersion, "");
        assert.equal(typeof object.kind, "string");
        assert.notEqual(object.kind, "");
        assert.ok(object.metadata === undefined || (typeof object.metadata === "object" && object.metadata !== null && !Array.isArray(object.metadata)));
      }
    }),
    { numRuns: 400 },
  );
});

const configMap = (name: string): ManifestObject => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name } });
/** Blank and comment lines before a document: they move its first line down. */
const padding = fc.array(fc.constantFrom("\n", "# note\n", "   \n"), { maxLength: 4 }).map((lines) => lines.join(""));

test("parseManifests: the bad document among good ones is named by its index and the line its content starts on", () => {
  fc.assert(
    fc.property(fc.array(padding, { minLength: 1, maxLength: 5 }), fc.nat(), padding, (pads, at, badPad) => {
      const bad = at % pads.length;
      const documents = pads.map((pad, i) => pad + (i === bad ? `${badPad}apiVersion: v1\nmetadata: {name: x}\n` : dumpYaml(configMap(`m${i}`))));
      const text = documents.join("---\n");
      const start = documents.slice(0, bad).reduce((lines, document) => lines + lineCount(document), 1) + pads[bad]!.split("\n").length - 1 + badPad.split("\n").length - 1;
      assert.throws(() => parseManifests(text), (e: unknown) => {
        assert.ok(e instanceof KubexManifestError, String(e));
        assert.equal(e.documentIndex, bad);
        assert.equal(e.line, start, JSON.stringify(text));
        assert.equal(e.message, `manifests: document ${bad} (line ${start}): kind must be a non-empty string`);
        return true;
      });
    }),
    { numRuns: 100 },
  );
});

test("parseManifests: any list of objects written by dumpYaml, or as one List, reads back in order", () => {
  const name = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,20}[a-z0-9])?$/);
  fc.assert(
    fc.property(fc.array(name, { maxLength: 6 }), fc.constantFrom("List", "ConfigMapList"), (names, listKind) => {
      const objects = names.map(configMap);
      assert.deepEqual(parseManifests(dumpYaml(objects)), objects);
      assert.deepEqual(parseManifests(dumpYaml({ apiVersion: "v1", kind: listKind, items: objects })), objects);
    }),
    { numRuns: 100 },
  );
});

test("parseManifests: a syntax error names its document, the line of the parser's position (a newline ends that line), and the first line of the parser's message", () => {
  // The parser places this error on the newline that ends line 5.
  assert.throws(() => parseManifests("apiVersion: v1\nkind: ConfigMap\n---\n\n{: \n...\n"), (e: unknown) => {
    assert.ok(e instanceof KubexManifestError, String(e));
    assert.equal(e.message, "manifests: document 1 (line 5): Flow map must end with a } at line 5, column 4:");
    assert.deepEqual([e.documentIndex, e.line], [1, 5]);
    return true;
  });
});

test("parseManifests: a directive without a document is refused with the parser's message, not read as an empty text", () => {
  assert.throws(() => parseManifests("%TAG !a!\n"), (e: unknown) => {
    assert.ok(e instanceof KubexManifestError, String(e));
    assert.equal(e.message, "manifests: document 0 (line 1): %TAG directive should contain exactly two parts");
    assert.equal(e.documentIndex, 0);
    assert.equal(e.line, 1);
    return true;
  });
  assert.throws(() => parseManifests("# c\n\n%YAML 1.1 x\n%TAG !a!\n"), (e: unknown) =>
    e instanceof KubexManifestError && e.message === "manifests: document 0 (line 3): %YAML directive should contain exactly one part" && e.line === 3);
  assert.deepEqual(parseManifests("%YAML 1.1\n"), [], "a well-formed directive alone is an empty text");
});

test("parseManifests: a text of MAX_MANIFEST_TEXT characters is read; one character more is refused before parsing", () => {
  assert.equal(MAX_MANIFEST_TEXT, 64 * 1024 * 1024);
  const comment = `#${" ".repeat(MAX_MANIFEST_TEXT - 1)}`;
  assert.deepEqual(parseManifests(comment), []);
  assert.throws(() => parseManifests(`${comment} `), (e: unknown) =>
    e instanceof KubexArgumentError && !(e instanceof KubexManifestError) && e.message === `manifests: the text is ${MAX_MANIFEST_TEXT + 1} characters, more than ${MAX_MANIFEST_TEXT}`);
});
