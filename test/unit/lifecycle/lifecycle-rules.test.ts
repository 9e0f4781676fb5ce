// lifecycle() answers only for a string apiVersion and kind: an object that merely prints as
// one names no kind, even when its text is a known key.
import { test } from "node:test";
import assert from "node:assert/strict";
import { lifecycle } from "../../../runtime/index.js";

test("lifecycle: an apiVersion or kind that is not a string is no kind, even when it prints as a known one", () => {
  assert.notEqual(lifecycle("v1", "Pod"), undefined);
  assert.equal(lifecycle(new String("v1") as unknown as string, "Pod"), undefined);
  assert.equal(lifecycle("v1", new String("Pod") as unknown as string), undefined);
  assert.equal(lifecycle({ toString: () => "v1" } as unknown as string, "Pod"), undefined);
});

test("lifecycle: a kind without a replacement has no replacement field, and fields absent from the record are absent", () => {
  const pod = lifecycle("v1", "Pod");
  assert.deepEqual(Object.keys(pod).sort(), ["introduced", "served"]);
});
