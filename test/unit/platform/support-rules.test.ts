// The support table's enforcement as data: which settings a route uses (in order), refusals before
// warnings, the fallback reason, warning codes, and the default once-per-message warning. Pure.
import assert from "node:assert/strict";
import { test } from "node:test";
import { KubexConfigurationError } from "../../../runtime/errors.js";
import { enforceSupport, honouredEverywhere, ignoredSettingCode, settingsUsed, unsupportedSettingCode, type PlatformSupport } from "../../../runtime/client/platform/support.js";
import type { Route } from "../../../runtime/client/platform/tls.js";

const everything: Route = { tls: { ca: "CA", cert: "C", key: "K", servername: "s", rejectUnauthorized: false }, proxyUrl: "http://p" };

test("settingsUsed: none for the defaults, all five in table order for a route that uses each", () => {
  assert.deepEqual(settingsUsed({ tls: { rejectUnauthorized: true } }), []);
  assert.deepEqual(settingsUsed(everything), ["tls.ca", "tls.clientCertificate", "tls.serverName", "tls.insecureSkipVerify", "proxy"]);
  assert.deepEqual(settingsUsed({ tls: { rejectUnauthorized: true, ca: "" } }), ["tls.ca"], "an empty CA is still a setting");
});

test("ignoredSettingCode: dots and camel case become underscores, upper case", () => {
  assert.equal(ignoredSettingCode("tls.clientCertificate"), "KUBEX_SETTING_IGNORED_TLS_CLIENT_CERTIFICATE");
  assert.equal(ignoredSettingCode("proxy"), "KUBEX_SETTING_IGNORED_PROXY");
  assert.equal(unsupportedSettingCode, "KUBEX_UNSUPPORTED_SETTING");
});

const mixed: PlatformSupport = {
  name: "the test runtime",
  table: {
    HTTP: { ...honouredEverywhere, "tls.serverName": "warned", proxy: "refused" },
    WebSocket: { ...honouredEverywhere, "tls.ca": "warned", "tls.serverName": "warned" },
  },
  reasons: { proxy: "no proxies here", "tls.serverName": "no SNI here" },
};

test("a refused setting throws before any warning is given, with the platform's reason", () => {
  const warnings: string[] = [];
  assert.throws(
    () => enforceSupport(mixed, "HTTP", everything, (m) => warnings.push(m)),
    (e: Error) => e instanceof KubexConfigurationError && e.code === unsupportedSettingCode && e.message === "the test runtime cannot honour proxy for HTTP: no proxies here",
  );
  assert.deepEqual(warnings, []);
});

test("a refused or warned setting without a reason says the runtime has no way to apply it", () => {
  const bare: PlatformSupport = { name: "bare", table: { HTTP: { ...honouredEverywhere, "tls.ca": "refused" }, WebSocket: { ...honouredEverywhere, "tls.ca": "warned" } }, reasons: {} };
  assert.throws(() => enforceSupport(bare, "HTTP", everything, () => undefined), { message: "bare cannot honour tls.ca for HTTP: the runtime has no way to apply it" });
  const warnings: [string, string][] = [];
  enforceSupport(bare, "WebSocket", everything, (m, c) => warnings.push([m, c]));
  assert.deepEqual(warnings, [["bare ignores tls.ca for WebSocket: the runtime has no way to apply it", "KUBEX_SETTING_IGNORED_TLS_CA"]]);
});

test("each warned setting the route uses is reported once per call, in table order, on its own channel's row", () => {
  const warnings: [string, string][] = [];
  enforceSupport(mixed, "WebSocket", everything, (m, c) => warnings.push([m, c]));
  assert.deepEqual(warnings, [
    ["the test runtime ignores tls.ca for WebSocket: the runtime has no way to apply it", "KUBEX_SETTING_IGNORED_TLS_CA"],
    ["the test runtime ignores tls.serverName for WebSocket: no SNI here", "KUBEX_SETTING_IGNORED_TLS_SERVER_NAME"],
  ]);
  const none: string[] = [];
  enforceSupport(mixed, "WebSocket", { tls: { rejectUnauthorized: true } }, (m) => none.push(m));
  assert.deepEqual(none, []);
});

test("the default warning is a process KubexWarning with its code, given once per process and message", (t) => {
  const emitted = t.mock.method(process, "emitWarning", () => undefined);
  const once: PlatformSupport = { name: `runtime ${Math.random()}`, table: { HTTP: { ...honouredEverywhere, "tls.serverName": "warned" }, WebSocket: honouredEverywhere }, reasons: { "tls.serverName": "why" } };
  const route: Route = { tls: { rejectUnauthorized: true, servername: "s" } };
  enforceSupport(once, "HTTP", route);
  enforceSupport(once, "HTTP", route);
  assert.deepEqual(
    emitted.mock.calls.map((c) => c.arguments),
    [[`${once.name} ignores tls.serverName for HTTP: why`, { type: "KubexWarning", code: "KUBEX_SETTING_IGNORED_TLS_SERVER_NAME" }]],
  );
});
