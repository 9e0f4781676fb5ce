// Warning headers are parsed by their grammar, not split on commas.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseWarningHeader } from "../../../runtime/client/warnings.js";

const table: [string, string[]][] = [
  ['299 - "v1 ComponentStatus is deprecated in v1.19+"', ["v1 ComponentStatus is deprecated in v1.19+"]],
  ['299 - "first, with a comma", 299 - "second"', ["first, with a comma", "second"]],
  ['299 - "quote \\" inside", 299 - "back\\\\slash"', ['quote " inside', "back\\slash"]],
  ['299 - "dated" "Wed, 21 Oct 2015 07:28:00 GMT", 299 - "next"', ["dated", "next"]],
  ['299 kube-apiserver "agent named"', ["agent named"]],
  ['garbage, 299 - "after garbage"', ["after garbage"]],
  ['299 - "unterminated', []],
  ["", []],
];

for (const [header, want] of table) {
  test(`Warning: ${header || "(empty)"}`, () => assert.deepEqual(parseWarningHeader(header), want));
}
