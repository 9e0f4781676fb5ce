// defineResource: the descriptor it builds from its init (apiVersion of core and named groups,
// listKind, default verbs, subresources) and the exact message of each refusal.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { defineResource, KubexArgumentError } from "../../../runtime/index.js";

const refused = (argument: string, message: string) => (e: unknown) => e instanceof KubexArgumentError && e.argument === argument && e.message === `${argument}: ${message}`;

describe("defineResource: the descriptor", () => {
  it("a named group: apiVersion group/version, listKind <kind>List, the default verbs, no subresources", () => {
    const d = defineResource<unknown>()({ group: "example.com", version: "v1alpha1", kind: "Widget", plural: "widgets", namespaced: true });
    assert.deepEqual(d, {
      apiVersion: "example.com/v1alpha1",
      group: "example.com",
      version: "v1alpha1",
      kind: "Widget",
      plural: "widgets",
      listKind: "WidgetList",
      namespaced: true,
      verbs: ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
      subresources: [],
      custom: true,
    });
  });
  it("the core group: apiVersion is the version alone; listKind, verbs and subresources as given", () => {
    const d = defineResource<unknown>()({ group: "", version: "v1", kind: "Pod", plural: "pods", listKind: "PodCollection", namespaced: false, verbs: ["get"], subresources: ["exec", "log"] });
    assert.deepEqual(d, { apiVersion: "v1", group: "", version: "v1", kind: "Pod", plural: "pods", listKind: "PodCollection", namespaced: false, verbs: ["get"], subresources: ["exec", "log"], custom: true });
  });
});

describe("defineResource: refusals", () => {
  const base = { group: "example.com", version: "v1", kind: "Widget", plural: "widgets", namespaced: true } as const;
  const cases: [string, object, string][] = [
    ["init.group", { group: "Example.com" }, 'must be a DNS-1123 subdomain (lower case) of at most 253 characters, got "Example.com"'],
    ["init.version", { version: "v1/x" }, 'must be a DNS-1123 label (lower case) of at most 63 characters, got "v1/x"'],
    ["init.kind", { kind: "Wid get" }, 'must be a kind name (letters and digits, starting with a letter) of at most 63 characters, got "Wid get"'],
    ["init.plural", { plural: "Widgets" }, 'must be a DNS-1123 label (lower case) of at most 63 characters, got "Widgets"'],
    ["init.listKind", { listKind: "Widget-List" }, 'must be a kind name (letters and digits, starting with a letter) of at most 63 characters, got "Widget-List"'],
    ["init.subresources", { subresources: ["status", "a/b"] }, 'not a valid name: may not contain "/" (got "a/b")'],
    // Only undefined means the default: null, or a value of the wrong shape, is refused by name.
    ["init.subresources", { subresources: null }, "must be a list of subresource names, got null"],
    ["init.subresources", { subresources: "status" }, "must be a list of subresource names, got a string"],
    ["init.namespaced", { namespaced: null }, "must be true or false, got null"],
    ["init.namespaced", { namespaced: "true" }, "must be true or false, got a string"],
    ["init.verbs", { verbs: null }, "must be a list of verbs, got null"],
    ["init.verbs", { verbs: "get" }, "must be a list of verbs, got a string"],
    ["init.verbs", { verbs: ["get", 5] }, "must be a list of verbs, got a number at 1"],
    ["init.listKind", { listKind: null }, "must be a kind name (letters and digits, starting with a letter) of at most 63 characters, got null"],
  ];
  for (const [argument, change, message] of cases) {
    it(`${argument}: ${JSON.stringify(Object.values(change)[0])}`, () => {
      assert.throws(() => defineResource<unknown>()({ ...base, ...change } as never), refused(argument, message));
    });
  }
});

describe("defineResource: an init that is not an object", () => {
  for (const init of [undefined, null, "widgets", ["widgets"]]) {
    it(JSON.stringify(init) ?? "undefined", () => {
      assert.throws(() => defineResource<unknown>()(init as never), (e: unknown) => e instanceof KubexArgumentError && e.argument === "init" && /must be an object/.test(e.message));
    });
  }
});
