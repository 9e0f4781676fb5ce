// Each rule of the per-call option checks, with its exact message, its bounds, and every value
// it accepts: a wrong rule for one option, or a bound off by one, fails a row here.
import { test } from "node:test";
import assert from "node:assert/strict";
import { KubexArgumentError } from "../../../runtime/index.js";
import { checkOptions } from "../../../runtime/api/arguments.js";

const refused: [Record<string, unknown>, string][] = [
  [{ labelSelector: 1 }, "options.labelSelector: must be a string, got a number"],
  [{ fieldSelector: null }, "options.fieldSelector: must be a string, got null"],
  [{ continue: "\uDC00" }, "options.continue: may not contain a lone UTF-16 surrogate"],
  [{ resourceVersion: [] }, "options.resourceVersion: must be a string, got an array"],
  [{ fieldManager: {} }, "options.fieldManager: must be a string, got an object"],
  [{ container: true }, "options.container: must be a string, got a boolean"],
  [{ sinceTime: 5 }, "options.sinceTime: must be a string, got a number"],
  [{ limit: 0 }, "options.limit: must be an integer of at least 1, got 0"],
  [{ limitBytes: 0.5 }, "options.limitBytes: must be an integer of at least 1, got 0.5"],
  [{ sinceSeconds: "1" }, "options.sinceSeconds: must be an integer of at least 1, got a string"],
  [{ maxLineBytes: 2 ** 53 }, `options.maxLineBytes: must be an integer of at least 1, got ${2 ** 53}`],
  [{ timeoutSeconds: -1 }, "options.timeoutSeconds: must be an integer of at least 0, got -1"],
  [{ tailLines: Number.NaN }, "options.tailLines: must be an integer of at least 0, got NaN"],
  [{ gracePeriodSeconds: null }, "options.gracePeriodSeconds: must be an integer of at least 0, got null"],
  [{ inactivityTimeout: 0 }, "options.inactivityTimeout: must be a positive number of seconds, got 0"],
  [{ inactivityTimeout: Number.POSITIVE_INFINITY }, "options.inactivityTimeout: must be a positive number of seconds, got Infinity"],
  [{ inactivityTimeout: "5" }, "options.inactivityTimeout: must be a positive number of seconds, got a string"],
  [{ allNamespaces: 1 }, "options.allNamespaces: must be true or false, got a number"],
  [{ allowWatchBookmarks: "true" }, "options.allowWatchBookmarks: must be true or false, got a string"],
  [{ sendInitialEvents: null }, "options.sendInitialEvents: must be true or false, got null"],
  [{ timestamps: 0 }, "options.timestamps: must be true or false, got a number"],
  [{ previous: "no" }, "options.previous: must be true or false, got a string"],
  [{ follow: {} }, "options.follow: must be true or false, got an object"],
  [{ force: 1 }, "options.force: must be true or false, got a number"],
  [{ resourceVersionMatch: "exact" }, 'options.resourceVersionMatch: must be one of "Exact", "NotOlderThan", got "exact"'],
  [{ fieldValidation: 1 }, 'options.fieldValidation: must be one of "Ignore", "Warn", "Strict", got a number'],
  [{ propagationPolicy: "background" }, 'options.propagationPolicy: must be one of "Orphan", "Background", "Foreground", got "background"'],
  [{ dryRun: "all" }, 'options.dryRun: must be one of true, false, "All", got "all"'],
  [{ signal: { aborted: false } }, "options.signal: must be an AbortSignal, got an object"],
  [{ signal: { aborted: "no", addEventListener() {} } }, "options.signal: must be an AbortSignal, got an object"],
  [{ signal: null }, "options.signal: must be an AbortSignal, got null"],
  [{ signal: Object.assign(() => {}, { aborted: false, addEventListener() {} }) }, "options.signal: must be an AbortSignal, got a function"],
  [{ preconditions: [] }, "options.preconditions: must be an object { uid?, resourceVersion? }, got an array"],
  [{ preconditions: null }, "options.preconditions: must be an object { uid?, resourceVersion? }, got null"],
  [{ preconditions: "rv" }, "options.preconditions: must be an object { uid?, resourceVersion? }, got a string"],
  [{ preconditions: { uid: 1 } }, "options.preconditions: uid must be a string, got a number"],
  [{ preconditions: { uid: "u", resourceVersion: null } }, "options.preconditions: resourceVersion must be a string, got null"],
];

for (const [options, message] of refused) {
  test(`checkOptions: ${message}`, () => {
    assert.throws(() => checkOptions(options), (e: unknown) => e instanceof KubexArgumentError && e.message === message && e.argument === message.slice(0, message.indexOf(":")));
  });
}

test("checkOptions: options that are not an object are refused, each described", () => {
  for (const [options, got] of [[null, "null"], [[], "an array"], ["x", "a string"], [3, "a number"]] as const) {
    assert.throws(() => checkOptions(options), (e: unknown) => e instanceof KubexArgumentError && e.message === `options: must be an object, got ${got}`, got);
  }
});

test("checkOptions: every value at or inside each bound passes, undefined options and unknown keys are ignored", () => {
  const accepted: Record<string, unknown>[] = [
    undefined as never,
    {},
    { labelSelector: "", fieldSelector: "a=b", continue: "c", resourceVersion: "0", fieldManager: "m", container: "c", sinceTime: "2024-01-01T00:00:00Z" },
    { limit: 1, limitBytes: 1, sinceSeconds: 1, maxLineBytes: Number.MAX_SAFE_INTEGER },
    { timeoutSeconds: 0, tailLines: 0, gracePeriodSeconds: 0 },
    { inactivityTimeout: 0.001 },
    { allNamespaces: true, allowWatchBookmarks: false, sendInitialEvents: true, timestamps: true, previous: false, follow: true, force: false },
    { resourceVersionMatch: "NotOlderThan", fieldValidation: "Ignore", propagationPolicy: "Foreground", dryRun: true },
    { resourceVersionMatch: "Exact", fieldValidation: "Warn", propagationPolicy: "Background", dryRun: false },
    { fieldValidation: "Strict", propagationPolicy: "Orphan", dryRun: "All" },
    { signal: new AbortController().signal },
    { preconditions: {} },
    { preconditions: { uid: "u", resourceVersion: "1" } },
    { labelSelector: undefined, limit: undefined, somethingElse: null, type: "merge" },
  ];
  for (const options of accepted) assert.doesNotThrow(() => checkOptions(options), JSON.stringify(options));
});
