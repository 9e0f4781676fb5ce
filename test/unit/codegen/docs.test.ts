// Spec descriptions become TSDoc (docs/codegen.md): HTML entities decoded, no early comment
// close, one blank line between paragraphs, a deprecation as a tag, CEL rules listed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { cleanDescription, isDeprecated, jsDoc, schemaDoc } from "../../../codegen/docs.js";
import type { Schema } from "../../../codegen/load.js";

test("cleanDescription: given a spec description, want the comment text", () => {
  const want: [string, string][] = [
    ["&lt;a&gt; &amp; &quot;q&quot; &#39;s&#39; &apos;t&apos;", "<a> & \"q\" 's' 't'"],
    ["&nbsp; &#40; &LT;", "&nbsp; &#40; &LT;"],
    ["&amp;lt;", "&lt;"],
    ["a */ b */ c", "a *\\/ b *\\/ c"],
    ["a\r\nb\r\nc", "a\nb\nc"],
    ["a\n\nb", "a\n\nb"],
    ["a\n\n\n\nb\n\n\nc", "a\n\nb\n\nc"],
    ["a\r\n\r\n\r\nb", "a\n\nb"],
    ["  text \n", "text"],
  ];
  assert.deepEqual(want.map(([text]) => [text, cleanDescription(text)]), want);
});

test("isDeprecated: a sentence that starts with Deprecated or DEPRECATED", () => {
  const want: [string, boolean][] = [
    ["Deprecated: use mode.", true],
    ["DEPRECATED. Do not use.", true],
    ["A field. Deprecated: use mode.", true],
    ["A field.Deprecated", true],
    ["A field.\n  Deprecated since 1.20", true],
    ["A field\nDeprecated", true],
    ["NotDeprecated: a name", false],
    ["This field is deprecated.", false],
    ["Deprecatedness is measured", false],
    ["A field, Deprecated: no", false],
    ["deprecated: lower case", false],
    ["A field. DeprecatedX", false],
  ];
  assert.deepEqual(want.map(([text]) => [text, isDeprecated(text)]), want);
});

test("jsDoc: no comment without text; a deprecated description gets the tag", () => {
  assert.equal(jsDoc(undefined), undefined);
  assert.equal(jsDoc(""), undefined);
  assert.equal(jsDoc(" \n "), undefined);
  assert.deepEqual(jsDoc(" a &lt; b "), [{ description: "a < b" }]);
  assert.deepEqual(Object.keys(jsDoc("plain")![0]!), ["description"]);
  assert.deepEqual(jsDoc("Deprecated: use mode."), [{ description: "Deprecated: use mode.", tags: [{ tagName: "deprecated" }] }]);
});

test("schemaDoc: the description, then each CEL rule with its message, reason and field", () => {
  const schema = {
    description: " Scaling bounds. ",
    "x-kubernetes-validations": [
      { rule: "self.a <= self.b", message: "a must not exceed b" },
      { rule: "has(self.c)", messageExpression: "'c is ' + 'required'" },
      { rule: "self.d", message: "message wins", messageExpression: "'expression'" },
      { rule: "!has(oldSelf.mode) || has(self.mode)", reason: "FieldValueForbidden", fieldPath: ".mode" },
      { rule: "self.e", message: "m", reason: "FieldValueInvalid" },
      { rule: "self.f", fieldPath: ".f" },
    ],
  } as Schema;
  const want = [
    "Scaling bounds.",
    "",
    "Validation rules (CEL):",
    "- `self.a <= self.b`: a must not exceed b",
    "- `has(self.c)`: 'c is ' + 'required'",
    "- `self.d`: message wins",
    "- `!has(oldSelf.mode) || has(self.mode)` (reason FieldValueForbidden, field .mode)",
    "- `self.e`: m (reason FieldValueInvalid)",
    "- `self.f` (field .f)",
  ].join("\n");
  assert.deepEqual(schemaDoc(schema), [{ description: want }]);
});

test("schemaDoc: rules alone, a description alone, or nothing", () => {
  const rules = [{ rule: "self == oldSelf", message: "immutable" }];
  const rulesOnly = "Validation rules (CEL):\n- `self == oldSelf`: immutable";
  assert.deepEqual(schemaDoc({ "x-kubernetes-validations": rules } as Schema), [{ description: rulesOnly }]);
  assert.deepEqual(schemaDoc({ description: "  ", "x-kubernetes-validations": rules } as Schema), [{ description: rulesOnly }]);
  assert.deepEqual(schemaDoc({ description: "Text.", "x-kubernetes-validations": [] } as Schema), [{ description: "Text." }]);
  assert.equal(schemaDoc({ type: "string" } as Schema), undefined);
  assert.equal(schemaDoc({ description: "" } as Schema), undefined);
  assert.deepEqual(schemaDoc({ description: "Deprecated: old." } as Schema), [{ description: "Deprecated: old.", tags: [{ tagName: "deprecated" }] }]);
});
