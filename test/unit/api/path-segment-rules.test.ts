// The rules of names.ts, one row each: what is refused, with which message, and the exact
// bounds of the DNS-1123 names (63 and 253 characters).
import { test } from "node:test";
import assert from "node:assert/strict";
import { KubexArgumentError } from "../../../runtime/index.js";
import { groupName, kindOf, labelName, pathSegment } from "../../../runtime/resource/names.js";

const refusedWith = (message: string) => (e: unknown) => {
  assert.ok(e instanceof KubexArgumentError, String(e));
  assert.equal(e.message, message);
  return true;
};

const segments: [string, unknown, string][] = [
  ["a number", 42, "must be a string, got number"],
  ["null", null, "must be a string, got null"],
  ["empty", "", "must not be empty"],
  ["dot", ".", 'may not be "."'],
  ["dot dot", "..", 'may not be ".."'],
  ["a slash", "a/b", 'may not contain "/" (got "a/b")'],
  ["a percent", "a%b", 'may not contain "%" (got "a%b")'],
  ["a lone high surrogate at the end", "a\uD800", "may not contain a lone UTF-16 surrogate"],
  ["a lone high surrogate before another character", "\uD800b", "may not contain a lone UTF-16 surrogate"],
  ["a lone low surrogate at the start", "\uDC00b", "may not contain a lone UTF-16 surrogate"],
  ["a lone low surrogate after another character", "b\uDC00", "may not contain a lone UTF-16 surrogate"],
  ["a control character", "a\u0001b", "may not contain control characters"],
  ["a long value, shown cut at 64 characters", `${"x".repeat(70)}/`, `may not contain "/" (got "${"x".repeat(64)}…")`],
];
for (const [label, value, problem] of segments) {
  test(`pathSegment refuses ${label}: ${problem}`, () => {
    assert.throws(() => pathSegment("name", value), refusedWith(`name: not a valid name: ${problem}`));
  });
}

test("pathSegment passes a value of exactly 64 characters with a slash shown whole, and returns a valid value as is", () => {
  const sixtyFour = `${"y".repeat(63)}/`;
  assert.throws(() => pathSegment("name", sixtyFour), refusedWith(`name: not a valid name: may not contain "/" (got "${sixtyFour}")`));
  assert.equal(pathSegment("name", "a..b"), "a..b");
  assert.equal(pathSegment("name", "\uD83D\uDE00"), "\uD83D\uDE00");
});

test("labelName: a DNS-1123 label of at most 63 characters", () => {
  assert.equal(labelName("init.plural", "a".repeat(63)), "a".repeat(63));
  assert.equal(labelName("init.plural", "a-1"), "a-1");
  assert.equal(labelName("init.plural", "v"), "v");
  const rule = "must be a DNS-1123 label (lower case) of at most 63 characters";
  assert.throws(() => labelName("init.plural", "a".repeat(64)), refusedWith(`init.plural: ${rule}, got "${"a".repeat(64)}"`));
  assert.throws(() => labelName("init.plural", "a.b"), refusedWith(`init.plural: ${rule}, got "a.b"`));
  assert.throws(() => labelName("init.plural", "-a"), refusedWith(`init.plural: ${rule}, got "-a"`));
  assert.throws(() => labelName("init.plural", "a-"), refusedWith(`init.plural: ${rule}, got "a-"`));
  assert.throws(() => labelName("init.plural", 7), refusedWith(`init.plural: ${rule}, got number`));
});

test("groupName: empty for the core group, else a DNS-1123 subdomain of at most 253 characters", () => {
  assert.equal(groupName("init.group", ""), "");
  const long = `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(61)}`;
  assert.equal(long.length, 253);
  assert.equal(groupName("init.group", long), long);
  assert.equal(groupName("init.group", "apps.example.com"), "apps.example.com");
  assert.equal(groupName("init.group", "a"), "a");
  assert.equal(groupName("init.group", "a.b"), "a.b");
  const rule = "must be a DNS-1123 subdomain (lower case) of at most 253 characters";
  assert.throws(() => groupName("init.group", `${long}e`), refusedWith(`init.group: ${rule}, got "${`${long}e`.slice(0, 64)}…"`));
  assert.throws(() => groupName("init.group", "a..b"), refusedWith(`init.group: ${rule}, got "a..b"`));
  assert.throws(() => groupName("init.group", "a.-b"), refusedWith(`init.group: ${rule}, got "a.-b"`));
  assert.throws(() => groupName("init.group", "x.example.com."), refusedWith(`init.group: ${rule}, got "x.example.com."`));
});

test("kindOf: letters and digits, starting with a letter, at most 63 characters", () => {
  assert.equal(kindOf("init.kind", "Widget2"), "Widget2");
  assert.equal(kindOf("init.kind", "W".repeat(63)), "W".repeat(63));
  const rule = "must be a kind name (letters and digits, starting with a letter) of at most 63 characters";
  assert.throws(() => kindOf("init.kind", "W".repeat(64)), refusedWith(`init.kind: ${rule}, got "${"W".repeat(64)}"`));
  assert.throws(() => kindOf("init.kind", "2Widget"), refusedWith(`init.kind: ${rule}, got "2Widget"`));
  assert.throws(() => kindOf("init.kind", "Wid-get"), refusedWith(`init.kind: ${rule}, got "Wid-get"`));
  assert.throws(() => kindOf("init.kind", null), refusedWith(`init.kind: ${rule}, got null`));
});
