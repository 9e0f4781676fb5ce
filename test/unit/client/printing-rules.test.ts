// How a client's configuration and options print: util.inspect and JSON.stringify see a copy
// without passwords or tokens, the originals are left as they were, and printAs hides itself.
import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { printableConfiguration, printableOptions, printAs } from "../../../runtime/client/printing.js";
import type { ClientConfiguration } from "../../../runtime/configuration/types.js";

test("printAs: inspect and JSON.stringify show the description, and neither hook is an enumerable key", () => {
  const target = { secret: "hunter2" };
  printAs(target, () => ({ shown: true }));
  assert.equal(JSON.stringify(target), '{"shown":true}');
  assert.equal(inspect(target), "{ shown: true }");
  assert.deepEqual(Object.keys(target), ["secret"]);
  assert.deepEqual(Object.getOwnPropertySymbols(target).filter((s) => Object.prototype.propertyIsEnumerable.call(target, s)), []);
});

test("printableOptions: a proxy URL prints without its password; the copy keeps it for use", () => {
  const options = { proxy: "http://user:hunter2@proxy:3128", poolSize: 4 };
  const copy = printableOptions(options);
  assert.notEqual(copy, options);
  assert.equal(copy.proxy, "http://user:hunter2@proxy:3128");
  assert.deepEqual(JSON.parse(JSON.stringify(copy)), { proxy: "http://user:redacted@proxy:3128/", poolSize: 4 });
  assert.ok(!inspect(copy).includes("hunter2"));
  assert.match(inspect(copy), /poolSize: 4/);
  assert.deepEqual(Object.keys(copy), ["proxy", "poolSize"]);
  // The caller's object is not changed.
  assert.equal(JSON.stringify(options), '{"proxy":"http://user:hunter2@proxy:3128","poolSize":4}');
});

test("printableOptions: each URL of a proxy map prints without its password", () => {
  const copy = printableOptions({ proxy: { http: "http://a:pw1@p1:1", https: "http://b:pw2@p2:2" } });
  assert.deepEqual(JSON.parse(JSON.stringify(copy)), { proxy: { http: "http://a:redacted@p1:1/", https: "http://b:redacted@p2:2/" } });
});

test("printableOptions: a null or missing proxy prints as given, and a value that is not a URL as itself", () => {
  assert.deepEqual(JSON.parse(JSON.stringify(printableOptions({ proxy: null }))), { proxy: null });
  assert.deepEqual(JSON.parse(JSON.stringify(printableOptions({ timeout: 5 }))), { timeout: 5 });
  assert.equal("proxy" in JSON.parse(JSON.stringify(printableOptions({ timeout: 5 }))), false);
  // Options are validated before they are printed; what an unchecked value prints as is still no secret.
  assert.deepEqual(JSON.parse(JSON.stringify(printableOptions({ proxy: 42 as never }))), { proxy: 42 });
  assert.deepEqual(JSON.parse(JSON.stringify(printableOptions({ proxy: { http: 7 } as never }))), { proxy: { http: 7 } });
});

test("printableConfiguration: a copy that prints without the token, and leaves the original alone", () => {
  const configuration: ClientConfiguration = { server: "https://k:6443", namespace: "default", token: "hunter2-token", tls: {} };
  const copy = printableConfiguration(configuration);
  assert.notEqual(copy, configuration);
  assert.equal(copy.token, "hunter2-token");
  assert.ok(!JSON.stringify(copy).includes("hunter2"));
  assert.ok(!inspect(copy).includes("hunter2"));
  assert.match(JSON.stringify(copy), /https:\/\/k:6443/);
  assert.match(JSON.stringify(configuration), /hunter2-token/);
});
