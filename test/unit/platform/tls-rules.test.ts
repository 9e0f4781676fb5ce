// The TLS material and route of a connection: which configured fields are kept, which certificate
// wins, and when the runtime's defaults no longer suffice. Pure.
import assert from "node:assert/strict";
import { test } from "node:test";
import { needsCustomTransport, tlsMaterial } from "../../../runtime/client/platform/tls.js";

test("tlsMaterial: an empty configuration verifies and carries nothing else", () => {
  assert.deepEqual(tlsMaterial({}), { rejectUnauthorized: true });
  assert.deepEqual(tlsMaterial({ insecureSkipVerify: false }), { rejectUnauthorized: true });
  assert.deepEqual(tlsMaterial({ insecureSkipVerify: true }), { rejectUnauthorized: false });
});

test("tlsMaterial: CA and server name are kept (Node's servername spelling); empty strings are none", () => {
  assert.deepEqual(tlsMaterial({ ca: "CA", serverName: "kubernetes" }), { ca: "CA", servername: "kubernetes", rejectUnauthorized: true });
  assert.deepEqual(tlsMaterial({ ca: "", serverName: "" }), { rejectUnauthorized: true });
});

test("tlsMaterial: the configured certificate is used only with its key", () => {
  assert.deepEqual(tlsMaterial({ cert: "C", key: "K" }), { cert: "C", key: "K", rejectUnauthorized: true });
  assert.deepEqual(tlsMaterial({ cert: "C" }), { rejectUnauthorized: true });
  assert.deepEqual(tlsMaterial({ key: "K" }), { rejectUnauthorized: true });
});

test("tlsMaterial: a certificate from the credentials wins over the configured one", () => {
  assert.deepEqual(tlsMaterial({ cert: "C", key: "K" }, { cert: "PC", key: "PK" }), { cert: "PC", key: "PK", rejectUnauthorized: true });
  assert.deepEqual(tlsMaterial({}, { cert: "PC", key: "PK" }), { cert: "PC", key: "PK", rejectUnauthorized: true });
});

test("needsCustomTransport: false for the defaults, true for each setting alone", () => {
  const defaults = { rejectUnauthorized: true };
  assert.equal(needsCustomTransport({ tls: defaults }), false);
  assert.equal(needsCustomTransport({ tls: { ...defaults, ca: "CA" } }), true);
  assert.equal(needsCustomTransport({ tls: { ...defaults, cert: "C" } }), true);
  assert.equal(needsCustomTransport({ tls: { ...defaults, servername: "k" } }), true);
  assert.equal(needsCustomTransport({ tls: { rejectUnauthorized: false } }), true);
  assert.equal(needsCustomTransport({ tls: defaults, proxyUrl: "http://p" }), true);
});
