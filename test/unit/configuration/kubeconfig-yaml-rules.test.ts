// The kubeconfig YAML reader on its own: plain scalars resolved as go-yaml v2 resolves them
// (booleans, nulls, numbers that fit Go's integers), map keys as kubectl's YAML-to-JSON step
// makes them, anchors, aliases and merge keys, each refusal with its exact message and position
// (never the source text), and numbers passed on as JSON.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { maxJsonValues, parseKubeconfigYaml, resolvePlainScalar, toJson, YamlNumber, YamlSyntaxError, type YamlValue } from "../../../runtime/configuration/kubeconfig-yaml.js";

/** A value with each number as `#text`, so deepEqual compares what the reader resolved. */
function plain(value: YamlValue): unknown {
  if (value instanceof YamlNumber) return `#${value.text}`;
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

const read = (text: string) => plain(parseKubeconfigYaml(text));

function refused(text: string, message: string, line?: number, column?: number): void {
  assert.throws(() => parseKubeconfigYaml(text), (e: Error) => {
    assert.ok(e instanceof YamlSyntaxError, String(e));
    assert.equal(e.message, message, text);
    assert.equal(e.line, line, `line of ${JSON.stringify(text)}`);
    assert.equal(e.column, column, `column of ${JSON.stringify(text)}`);
    return true;
  }, text);
}

test("plain scalars: the YAML 1.1 booleans and nulls kubectl reads; anything else that is no number stays text", () => {
  for (const word of ["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"]) assert.equal(resolvePlainScalar(word), true, word);
  for (const word of ["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"]) assert.equal(resolvePlainScalar(word), false, word);
  for (const word of ["", "~", "null", "Null", "NULL"]) assert.equal(resolvePlainScalar(word), null, JSON.stringify(word));
  for (const word of ["yES", "tRUE", "oN", "nO", "fALSE", "oFF", "nULL", "NUll", "~~", "none", "a", "x1", "1.2.3", "1-2", "+", "-", ".", "..5", ".5.", ".e3", ".5e", "0x", "0xG", "0b2", "0o8", "1e", "1_a", "+-1", "2026-12-01", "1:20", "v1"]) {
    assert.equal(resolvePlainScalar(word), word, word);
  }
});

test("plain scalars: numbers as Go reads them (a leading 0 is octal, _ separates digits, hex, octal and binary fit 64 bits)", () => {
  const numbers = [
    ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF",
    ".5", ".55", ".5e3", ".5E-3", ".5e10", "-.55", "+.55e10", "0", "-0", "+0", "7", "-7", "+7", "017", "08", "1_000", "0x1F", "0X1f", "-0x10", "0o17", "0O17", "0b101", "0B11",
    "1.5", "-1.5", "1.", "1e3", "1E+3", "-2e-3", "1e10", "0755.5", "9223372036854775807", "9223372036854775808", "99999999999999999999",
    "0xFFFFFFFFFFFFFFFF", "0x7FFFFFFFFFFFFFFF", "+0x7FFFFFFFFFFFFFFF", "-0x8000000000000000", "0o1777777777777777777777", "-0b1" + "0".repeat(63),
  ];
  for (const word of numbers) {
    const value = resolvePlainScalar(word);
    assert.ok(value instanceof YamlNumber, word);
    assert.equal(value.text, word);
  }
  // Hex, octal and binary beyond Go's int64 (signed) or uint64 (unsigned) are text, as kubectl's reader leaves them.
  for (const word of ["0x10000000000000000", "+0x8000000000000000", "-0x8000000000000001", "0o2000000000000000000000", "-0b1" + "0".repeat(63) + "1", "+0xFFFFFFFFFFFFFFFF"]) {
    assert.equal(resolvePlainScalar(word), word, word);
  }
});

test("quoted, block and !!str scalars are text whatever they spell; an empty value is null", () => {
  assert.deepEqual(read(`a: "yes"\nb: '123'\nc: !!str 5\nd: |\n  x\ne: >-\n  y\n  z\nf: ''\ng:\nh: !!str\ni: ~\nj: "~"`), {
    a: "yes",
    b: "123",
    c: "5",
    d: "x\n",
    e: "y z",
    f: "",
    g: null,
    h: "",
    i: null,
    j: "~",
  });
  assert.deepEqual(read(`[yes, "no", 1, '1', null, "null", .5, ".5"]`), [true, "no", "#1", "1", null, "null", "#.5", ".5"]);
  assert.deepEqual(read(""), null);
  assert.deepEqual(read("~"), null);
  assert.deepEqual(read("plain text"), "plain text");
});

test("map keys become the strings kubectl makes of them: booleans, and integers in decimal", () => {
  assert.deepEqual(read(`yes: a\nn: b\n010: c\n0x1F: d\n1_000: e\n-9223372036854775808: f\n9223372036854775807: g\n"1.5": h\n'~': i\n+7: j\n0b11: k`), {
    true: "a",
    false: "b",
    8: "c",
    31: "d",
    1000: "e",
    "-9223372036854775808": "f",
    "9223372036854775807": "g",
    "1.5": "h",
    "~": "i",
    7: "j",
    3: "k",
  });
  assert.deepEqual(read("c:\n  0: a\n  10: b\n  +0x10: c\n  0o17: d\nd:\n  -0: e"), { c: { 0: "a", 10: "b", 16: "c", 15: "d" }, d: { 0: "e" } });
  // A key named __proto__ is a key like any other.
  const proto = parseKubeconfigYaml("__proto__: x") as Record<string, YamlValue>;
  assert.ok(Object.hasOwn(proto, "__proto__"));
  assert.equal(proto["__proto__"], "x");
  assert.equal(Object.getPrototypeOf(proto), Object.prototype);
});

test("map keys kubectl cannot use are refused at their position: null, a float, an integer beyond int64, a list or a mapping", () => {
  refused("a:\n  ~: x", "a mapping key is null", 2, 3);
  refused("a:\n  null: x", "a mapping key is null", 2, 3);
  refused("a: 1\n: x", "a mapping key is null", 2, 1);
  refused("a: {08: x}", "a mapping key is a number kubectl cannot use as a key (quote it)", 1, 5);
  refused("a: {1.5: x}", "a mapping key is a number kubectl cannot use as a key (quote it)", 1, 5);
  refused("a: {.inf: x}", "a mapping key is a number kubectl cannot use as a key (quote it)", 1, 5);
  refused("9223372036854775808: x", "a mapping key is a number kubectl cannot use as a key (quote it)", 1, 1);
  refused("-9223372036854775809: x", "a mapping key is a number kubectl cannot use as a key (quote it)", 1, 1);
  refused("0xFFFFFFFFFFFFFFFF: x", "a mapping key is a number kubectl cannot use as a key (quote it)", 1, 1);
  refused("b: 1\n[a]: x", "a mapping key is a list or a mapping", 2, 1);
  refused("b: {{a: b}: x}", "a mapping key is a list or a mapping", 1, 5);
});

test("a key given twice is refused at the second; merge keys fill in what the mapping does not set, earlier sources first", () => {
  refused("a: 1\nb: 2\n  \na: 3", "a mapping key appears twice", 4, 1);
  refused("x:\n  yes: 1\n  true: 2", "a mapping key appears twice", 3, 3);
  assert.deepEqual(read("b: &b {x: 1, k: 2}\nc: &c {k: 3, z: 4}\nd:\n  <<: [*b, *c]\n  x: 0"), {
    b: { x: "#1", k: "#2" },
    c: { k: "#3", z: "#4" },
    d: { x: "#0", k: "#2", z: "#4" },
  });
  assert.deepEqual(read("<<: {a: 1, b: 1}\na: 2"), { a: "#2", b: "#1" });
  assert.deepEqual(read("a: 2\n<<: {a: 1, b: 1}"), { a: "#2", b: "#1" });
  // Only a plain, untagged << is a merge key.
  assert.deepEqual(read("'<<': {a: b}"), { "<<": { a: "b" } });
  assert.deepEqual(read("!!str <<: {a: b}"), { "<<": { a: "b" } });
  assert.deepEqual(read("- <<: {a: b}\n  c: d"), [{ a: "b", c: "d" }]);
  for (const value of ["5", "[a]", "~", "[[a]]", "text", "[{a: b}, 1]", "[{a: b}, ~]"]) refused(`x: 1\n  \nq:\n  <<: ${value}`, "a merge key (<<) must name a mapping", 4, 3);
});

test("anchors and aliases: an alias is its anchor's value, converted once; one inside its own anchor or naming none is refused", () => {
  const doc = parseKubeconfigYaml("a: &x {k: [v]}\nb: *x\nc: &s text\nd: *s") as Record<string, YamlValue>;
  assert.deepEqual(plain(doc), { a: { k: ["v"] }, b: { k: ["v"] }, c: "text", d: "text" });
  assert.equal(doc.a, doc.b, "the same value, not a second copy");
  refused("a: *b", "an alias names no anchor");
  refused("*a", "an alias names no anchor");
  refused("&a [*a]", "an alias refers to the mapping or list that contains it", 1, 4);
  refused("b: 1\na: &x [1, {c: *x}]", "an alias refers to the mapping or list that contains it", 2, 7);
});

test("nesting: 200 levels are read, one more is refused at its position", () => {
  assert.deepEqual(parseKubeconfigYaml("[".repeat(200) + "]".repeat(200)), nested(200));
  refused("[".repeat(201) + "]".repeat(201), "nested more than 200 levels deep", 1, 201);
  refused("a: " + "{b: ".repeat(200) + "1" + "}".repeat(200), "nested more than 200 levels deep", 1, 4 + 4 * 199);
});

test("siblings do not count as depth: a list or mapping of many entries is read", () => {
  const many = Array.from({ length: 300 }, (_, i) => `k${i}`);
  assert.deepEqual(parseKubeconfigYaml(`a: [${many.join(", ")}]`), { a: many });
  assert.deepEqual(parseKubeconfigYaml(many.map((k) => `${k}: [x]`).join("\n")), Object.fromEntries(many.map((k) => [k, ["x"]])));
});

function nested(depth: number): YamlValue {
  let value: YamlValue = [];
  for (let i = 1; i < depth; i++) value = [value];
  return value;
}

test("explicit tags other than !!str (scalars) and !!map/!!seq (collections) are refused at their position", () => {
  refused("a: !!int 5", "explicit YAML tags other than !!str are not supported", 1, 10);
  refused("a:\n  b: !!bool true", "explicit YAML tags other than !!str are not supported", 2, 13);
  refused("a: !foo [x]", "explicit YAML tags are not supported", 1, 9);
  refused("a: !foo {x: y}", "explicit YAML tags are not supported", 1, 9);
  refused("a: !!set {x}", "explicit YAML tags are not supported", 1, 10);
  assert.deepEqual(read("a: !!seq [x]\nb: !!map {x: z}"), { a: ["x"], b: { x: "z" } });
});

test("text that is not YAML is refused with the position of the first problem", () => {
  refused("a: [", "not valid YAML", 1, 5);
  refused("a: b\n  c: d: e", "not valid YAML", 1, 4);
  refused('"k": "v"\n- x', "not valid YAML", 2, 1);
  refused("a: b\nc: 'open", "not valid YAML", 2, 9);
});

test("toJson: numbers as go-yaml reads them, other values as they are", () => {
  const numbers = toJson(parseKubeconfigYaml("[0x1F, 010, -010, +010, 1_000, .inf, -.inf, +.inf, .nan, .NaN, .NAN, -.INF, 1e3, -1.5, 0o17, 0b11, +5, -0x10, .5, 08, 0, -0, 0_10, 2e-3, 1.5e+2, 0755.5, -017.5]"));
  assert.deepEqual(numbers, [31, 8, -8, 8, 1000, Infinity, -Infinity, Infinity, NaN, NaN, NaN, -Infinity, 1000, -1.5, 15, 3, 5, -16, 0.5, 8, 0, -0, 8, 0.002, 150, 755.5, -17.5]);
  assert.deepEqual(toJson(parseKubeconfigYaml("a: [x, yes, ~, {b: '1'}]\nc: {}")), { a: ["x", true, null, { b: "1" }], c: {} });
  assert.equal(toJson("text"), "text");
  assert.equal(toJson(null), null);
  assert.equal(toJson(false), false);
});

test(`toJson: at most ${maxJsonValues} values (an alias bomb expands beyond), undefined past it`, () => {
  assert.equal(maxJsonValues, 100_000);
  const exactly: YamlValue = Array.from({ length: maxJsonValues - 1 }, () => null);
  assert.equal((toJson(exactly) as unknown[]).length, maxJsonValues - 1);
  assert.equal(toJson([...exactly, null]), undefined);
  assert.equal(toJson({ a: [...exactly, null] }), undefined);
  const bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + Array.from({ length: 5 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(", ")}]`).join("\n");
  assert.equal(toJson(parseKubeconfigYaml(bomb)), undefined);
});

test("property: any text written as a double-quoted scalar reads back as exactly that text", () => {
  fc.assert(
    fc.property(fc.string({ unit: "binary", maxLength: 40 }), (text) => {
      assert.deepEqual(parseKubeconfigYaml(`k: ${JSON.stringify(text)}`), { k: text });
    }),
  );
});

test("property: a plain scalar resolves to a boolean, null, a number or its own text, never other text", () => {
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom(..."0123456789+-._xXoObBeEaAfFnNyYtTuUlL~ "), maxLength: 12 }), (text) => {
      const value = resolvePlainScalar(text);
      if (typeof value === "string") assert.equal(value, text);
      else if (value instanceof YamlNumber) assert.equal(value.text, text);
      else assert.ok(value === null || typeof value === "boolean", String(value));
    }),
  );
  fc.assert(
    fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (n) => {
      assert.deepEqual(read(`${n}: v`), { [n.toString()]: "v" });
      const hex = `${n < 0n ? "-" : ""}0x${(n < 0n ? -n : n).toString(16)}`;
      assert.deepEqual(read(`${hex}: v`), { [n.toString()]: "v" });
      assert.equal(toJson(new YamlNumber(hex)), Number(n));
    }),
  );
});

test("property: a refusal never quotes the text it read", () => {
  const secret = "s3cr3t-T0KEN";
  const broken = ["a: [", "a: !!int x", "~: x", "a: *nope", "a: 1\na: 2", "<<: 5", "[a]: x", "1.5: x"];
  fc.assert(
    fc.property(fc.constantFrom(...broken), fc.constantFrom("", "\n", "\nb: "), (bad, glue) => {
      const text = `token: ${secret}${glue}${glue === "" ? "\n" : ""}${bad}`;
      try {
        parseKubeconfigYaml(text);
      } catch (error) {
        assert.ok(error instanceof YamlSyntaxError, String(error));
        assert.ok(!error.message.includes(secret), error.message);
        return;
      }
    }),
  );
});
