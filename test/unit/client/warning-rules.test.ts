// The Warning header grammar case by case (separators, the three-digit code, the agent, quoted
// text and date, escapes, what is skipped), and how a warning is emitted: a process warning of
// its type, with a code only for kubex's own, or console.warn where there is no process.
import { test } from "node:test";
import assert from "node:assert/strict";
import { emitApiWarning, emitKubexWarning, parseWarningHeader } from "../../../runtime/client/warnings.js";

const table: [string, string[]][] = [
  ['299\t-\t"tabs"', ["tabs"]],
  ['  299   -   "spaced"  ', ["spaced"]],
  ['299 - ""', [""]],
  ['199 agent/1.0 "other code"', ["other code"]],
  ['2990 - "four digits"', []],
  ['29 - "two digits"', []],
  ['abc - "no code"', []],
  ['299-"no space"', []],
  ['299 "no agent"', []],
  ['299 - "a" junk, 299 - "b"', ["a", "b"]],
  ['299 - "a","b"', ["a"]],
  ['299 - "a" "date", 299 - "b" "date"', ["a", "b"]],
  ['x "a, b", 299 - "c"', ["c"]],
  ['x "unterminated, 299 - "c"', []],
  ['299 - "a\\', []],
  ['299 - "a\\"', []],
  ['299 - "tab\\\tescape"', ["tab\tescape"]],
  [',,299 - "after commas"', ["after commas"]],
  ['299 - "a",', ["a"]],
  ['299 - "a" , 299 - "b"', ["a", "b"]],
  ['299 - "a" "date" junk "x,y", 299 - "b"', ["a", "b"]],
  ['2xy - "one digit"', []],
  ['2990 "four digits, no agent"', []],
  ['299-agent "no space after the code"', []],
  ["299 agent-only", []],
  ['299 agent,299 - "b"', ["b"]],
  ['x "a" 299 - "b"', []],
];

for (const [header, want] of table) {
  test(`Warning header ${JSON.stringify(header)} gives ${JSON.stringify(want)}`, () => assert.deepEqual(parseWarningHeader(header), want));
}

function capture(run: () => void): unknown[][] {
  const calls: unknown[][] = [];
  const original = process.emitWarning;
  process.emitWarning = ((...args: unknown[]) => void calls.push(args)) as typeof process.emitWarning;
  try {
    run();
  } finally {
    process.emitWarning = original;
  }
  return calls;
}

test("an API warning is a process warning of type KubernetesApiWarning, without a code", () => {
  assert.deepEqual(capture(() => emitApiWarning("v1 X is deprecated", { method: "GET", path: "/api" })), [["v1 X is deprecated", { type: "KubernetesApiWarning" }]]);
});

test("kubex's own warning is a process warning of type KubexWarning with its code", () => {
  assert.deepEqual(capture(() => emitKubexWarning("poolSize is ignored", "KUBEX_IGNORED_OPTION")), [["poolSize is ignored", { type: "KubexWarning", code: "KUBEX_IGNORED_OPTION" }]]);
  assert.deepEqual(capture(() => emitKubexWarning("no code", "")), [["no code", { type: "KubexWarning" }]]);
});

test("where the process has no emitWarning, a warning goes to console.warn with its type", () => {
  const lines: unknown[][] = [];
  const original = { emitWarning: process.emitWarning, warn: console.warn };
  (process as { emitWarning?: unknown }).emitWarning = undefined;
  console.warn = (...args: unknown[]) => void lines.push(args);
  try {
    emitApiWarning("deprecated", { method: "GET", path: "/api" });
    emitKubexWarning("ignored", "KUBEX_X");
  } finally {
    process.emitWarning = original.emitWarning;
    console.warn = original.warn;
  }
  assert.deepEqual(lines, [["KubernetesApiWarning: deprecated"], ["KubexWarning: ignored"]]);
});

test("where there is no process at all, a warning goes to console.warn with its type", () => {
  const lines: unknown[][] = [];
  const original = { process: globalThis.process, warn: console.warn };
  console.warn = (...args: unknown[]) => void lines.push(args);
  Object.defineProperty(globalThis, "process", { value: undefined, configurable: true, writable: true });
  try {
    emitApiWarning("deprecated", { method: "GET", path: "/api" });
  } finally {
    Object.defineProperty(globalThis, "process", { value: original.process, configurable: true, writable: true });
    console.warn = original.warn;
  }
  assert.deepEqual(lines, [["KubernetesApiWarning: deprecated"]]);
});
