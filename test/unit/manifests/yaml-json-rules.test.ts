// What a manifest can hold is JSON, as kubectl sends it: YAML 1.1's other values (dates, sets,
// ordered maps, binary data, infinities, collections as keys) are either the text as written
// (dates and timestamps, as kubectl keeps them) or refused naming where they are; nothing else
// is turned into a value JSON would change on the wire.
import assert from "node:assert/strict";
import { test } from "node:test";
import { KubexManifestError, parseManifests } from "../../../runtime/index.js";

const head = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n";

test("parseManifests: an unquoted date or timestamp is the text as written, as kubectl sends it", () => {
  const [object] = parseManifests(`${head}data:\n  day: 2024-01-01\n  at: 2001-12-14t21:59:43.10-05:00\n  spaced: 2001-12-14 21:59:43.10 -5\n`);
  assert.deepEqual(object!.data, { day: "2024-01-01", at: "2001-12-14t21:59:43.10-05:00", spaced: "2001-12-14 21:59:43.10 -5" });
});

const refused: [string, string, string][] = [
  ["a set", `${head}data: !!set {a, b}\n`, "document 0 (line 1): data: a set (!!set) is not a JSON value"],
  ["an ordered map", `${head}data: !!omap [ {a: x} ]\n`, "document 0 (line 1): data: an ordered map (!!omap) is not a JSON value"],
  ["binary data", `${head}data:\n  b: !!binary aGVsbG8=\n`, "document 0 (line 1): data.b: binary data (!!binary) is not a JSON value"],
  ["an infinity", `${head}spec:\n  x: .inf\n`, "document 0 (line 1): spec.x: Infinity is not a JSON value"],
  ["a negative infinity in a list", `${head}spec:\n  x: [1, -.Inf]\n`, "document 0 (line 1): spec.x[1]: -Infinity is not a JSON value"],
  ["not a number", `${head}spec:\n  x: .NaN\n`, "document 0 (line 1): spec.x: NaN is not a JSON value"],
  ["a set inside a List's item", "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  data: !!set {a}\n", "document 0 (line 1): items[0].data: a set (!!set) is not a JSON value"],
  ["a key with dots and spaces", `${head}data:\n  "a.b c": !!set {a}\n`, 'document 0 (line 1): data["a.b c"]: a set (!!set) is not a JSON value'],
];
for (const [what, text, message] of refused) {
  test(`parseManifests refuses ${what}, naming where it is`, () => {
    assert.throws(() => parseManifests(text), (e: unknown) => {
      assert.ok(e instanceof KubexManifestError, String(e));
      assert.equal(e.message, `manifests: ${message}`);
      return true;
    });
  });
}

test("parseManifests refuses a list or a map used as a key, naming its line, and prints nothing", () => {
  const printed: unknown[] = [];
  const { emitWarning } = process;
  const { warn } = console;
  process.emitWarning = ((warning: unknown) => void printed.push(warning)) as typeof process.emitWarning;
  console.warn = (...args: unknown[]) => void printed.push(args);
  try {
    for (const [key, line] of [["? [a, b]\n: c\n", 6], ["? {a: b}\n: c\n", 6]] as const) {
      assert.throws(() => parseManifests(`${head}data:\n${key.replace(/^/gm, "  ")}`), (e: unknown) => {
        assert.ok(e instanceof KubexManifestError, String(e));
        assert.equal(e.message, `manifests: document 0 (line ${line}): a list or a map as a key is not JSON`);
        assert.equal(e.line, line);
        return true;
      });
    }
  } finally {
    process.emitWarning = emitWarning;
    console.warn = warn;
  }
  assert.deepEqual(printed, []);
});

test("parseManifests: !!pairs is the list of one-member maps it is written as", () => {
  const [object] = parseManifests(`${head}spec:\n  list: !!pairs [ {a: x}, {a: z} ]\n`);
  assert.deepEqual(object!.spec, { list: [{ a: "x" }, { a: "z" }] });
});

test("parseManifests: YAML 1.1 scalars that are JSON keep their values (octal, booleans, null, large numbers)", () => {
  const [object] = parseManifests(`${head}spec:\n  mode: 0644\n  enabled: yes\n  disabled: no\n  none: ~\n  big: 9007199254740991\n  float: 1.5e3\n`);
  assert.deepEqual(object!.spec, { mode: 420, enabled: true, disabled: false, none: null, big: 9007199254740991, float: 1500 });
});
