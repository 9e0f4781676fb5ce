// The line splitter's bound on its cap, the snippet a malformed JSON line shows (cut after 100
// characters, with its cause), and blank lines of spaces skipped by jsonLines.
import { test } from "node:test";
import assert from "node:assert/strict";
import { KubexArgumentError, KubexProtocolError } from "../../../runtime/index.js";
import { jsonLines, LineSplitter, parseJsonLine } from "../../../runtime/api/lines.js";

const bytes = (text: string) => new TextEncoder().encode(text);
async function* chunks(...texts: string[]): AsyncGenerator<Uint8Array> {
  for (const text of texts) yield bytes(text);
}

test("LineSplitter: a cap that is not a positive safe integer is refused; 1 byte is a cap", () => {
  for (const bad of [0, -1, 1.5, Number.NaN, 2 ** 53]) {
    assert.throws(() => new LineSplitter("watch", bad), (e: unknown) => e instanceof KubexArgumentError && e.message === "options.maxLineBytes: must be a positive integer (bytes)", String(bad));
  }
  const splitter = new LineSplitter("watch", 1);
  assert.deepEqual(splitter.push(bytes("a\nb\n")), ["a", "b"]);
  assert.throws(() => splitter.push(bytes("ab")), KubexProtocolError);
});

test("parseJsonLine: a malformed line is shown whole up to 100 characters, cut after, with the parse error as cause", () => {
  const hundred = `{${"x".repeat(99)}`;
  assert.throws(() => parseJsonLine(hundred, "watch pods"), (e: unknown) => {
    assert.ok(e instanceof KubexProtocolError);
    assert.equal(e.message, `watch pods: malformed or truncated event ${JSON.stringify(hundred)}`);
    assert.ok(e.cause instanceof SyntaxError);
    return true;
  });
  const longer = `${hundred}y`;
  assert.throws(() => parseJsonLine(longer, "watch pods"), (e: unknown) => e instanceof KubexProtocolError && e.message === `watch pods: malformed or truncated event ${JSON.stringify(`${hundred}…`)}`);
  assert.deepEqual(parseJsonLine('{"a":1}', "watch pods"), { a: 1 });
});

test("jsonLines skips lines that are blank or only spaces", async () => {
  const out: unknown[] = [];
  for await (const value of jsonLines(chunks('{"a":1}\n', "   \n", "\n", '\t\n{"b":2}'), "watch")) out.push(value);
  assert.deepEqual(out, [{ a: 1 }, { b: 2 }]);
});
