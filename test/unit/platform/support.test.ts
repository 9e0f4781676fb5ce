// What each runtime does with each transport setting, on HTTP and on WebSockets: the table, and that it is enforced.
import { test, afterEach } from "node:test";
import assert from "node:assert/strict";
import { KubexConfigurationError } from "../../../runtime/index.js";
import { enforceSupport, ignoredSettingCode, settings, type PlatformSupport, type Setting, type SupportRow } from "../../../runtime/client/platform/support.js";
import { undiciBackendSupport, nodeFetchPlatform } from "../../../runtime/client/platform/node.js";
import { bunPlatform } from "../../../runtime/client/platform/bun.js";
import { denoPlatform } from "../../../runtime/client/platform/deno.js";
import { webPlatform } from "../../../runtime/client/platform/web.js";
import type { Route } from "../../../runtime/client/platform/tls.js";

const all = (support: "honoured" | "refused" | "warned"): SupportRow => Object.fromEntries(settings.map((s) => [s, support])) as SupportRow;

const want: [string, PlatformSupport, SupportRow][] = [
  ["Node/undici", undiciBackendSupport, all("honoured")],
  ["Node/fetch", nodeFetchPlatform, all("honoured")],
  ["Bun", bunPlatform, all("honoured")],
  ["Deno", denoPlatform, { "tls.ca": "honoured", "tls.clientCertificate": "honoured", "tls.serverName": "warned", "tls.insecureSkipVerify": "refused", proxy: "honoured" }],
  ["other runtimes", webPlatform, { "tls.ca": "refused", "tls.clientCertificate": "refused", "tls.serverName": "warned", "tls.insecureSkipVerify": "refused", proxy: "refused" }],
];

/** A route that uses exactly one setting (verification on, nothing else). */
function routeWith(setting: Setting): Route {
  const tls = { rejectUnauthorized: true };
  switch (setting) {
    case "tls.ca":
      return { tls: { ...tls, ca: "CA PEM" } };
    case "tls.clientCertificate":
      return { tls: { ...tls, cert: "CERT PEM", key: "KEY PEM" } };
    case "tls.serverName":
      return { tls: { ...tls, servername: "kubernetes" } };
    case "tls.insecureSkipVerify":
      return { tls: { rejectUnauthorized: false } };
    case "proxy":
      return { tls, proxyUrl: "http://proxy.test:3128" };
  }
}

for (const [runtime, platform, row] of want) {
  test(`${runtime}: HTTP and WebSocket honour, refuse and warn about the same settings`, () => {
    assert.deepEqual(platform.table.HTTP, row);
    assert.deepEqual(platform.table.WebSocket, row);
  });

  for (const channel of ["HTTP", "WebSocket"] as const) {
    test(`${runtime} ${channel}: a refused setting is a KubexConfigurationError naming the runtime and the setting, a warned one a KubexWarning with its code`, () => {
      for (const setting of settings) {
        const warnings: [string, string][] = [];
        const check = () => enforceSupport(platform, channel, routeWith(setting), (message, code) => warnings.push([message, code]));
        if (row[setting] === "refused") {
          assert.throws(check, (e: Error) => e instanceof KubexConfigurationError && (e as KubexConfigurationError).code === "KUBEX_UNSUPPORTED_SETTING" && e.message.startsWith(`${platform.name} cannot honour ${setting} for ${channel}: `), setting);
          assert.deepEqual(warnings, [], setting);
        } else {
          check();
          const expected = row[setting] === "warned" ? [[`${platform.name} ignores ${setting} for ${channel}: ${platform.reasons[setting]}`, ignoredSettingCode(setting)]] : [];
          assert.deepEqual(warnings, expected, setting);
        }
      }
    });
  }
}

test("warning codes are stable, one per setting", () => {
  assert.deepEqual(settings.map(ignoredSettingCode), [
    "KUBEX_SETTING_IGNORED_TLS_CA",
    "KUBEX_SETTING_IGNORED_TLS_CLIENT_CERTIFICATE",
    "KUBEX_SETTING_IGNORED_TLS_SERVER_NAME",
    "KUBEX_SETTING_IGNORED_TLS_INSECURE_SKIP_VERIFY",
    "KUBEX_SETTING_IGNORED_PROXY",
  ]);
});

// Bun and Deno themselves are proven by test/runtimes/fetch-backend.ts; here, what kubex hands to their APIs.
const everything: Route = { tls: { ca: "CA", cert: "CERT", key: "KEY", servername: "kubernetes", rejectUnauthorized: true }, proxyUrl: "http://u:p@proxy.test:3128" };
const target = { url: "wss://127.0.0.1:6443/x", protocols: ["v5.channel.k8s.io"], headers: { authorization: "Bearer t" } };
const saved = { WebSocket: globalThis.WebSocket, Deno: (globalThis as { Deno?: unknown }).Deno };
afterEach(() => {
  globalThis.WebSocket = saved.WebSocket;
  (globalThis as { Deno?: unknown }).Deno = saved.Deno;
});

function recordWebSocket(): unknown[][] {
  const calls: unknown[][] = [];
  globalThis.WebSocket = class {
    constructor(...args: unknown[]) {
      calls.push(args);
    }
  } as unknown as typeof WebSocket;
  return calls;
}

test("Bun: the WebSocket gets the same tls (server name included) and proxy as fetch; fetch has no idle timeout of its own", async () => {
  const calls = recordWebSocket();
  const { init } = await bunPlatform.fetchSetup(everything, {});
  await bunPlatform.openWebSocket(everything, target, {});
  const tls = { ca: "CA", cert: "CERT", key: "KEY", serverName: "kubernetes", rejectUnauthorized: true };
  // timeout false: Bun's fetch would end a response quiet for 5 minutes (a watch); kubex bounds reads itself.
  assert.deepEqual(init, { tls, proxy: "http://u:p@proxy.test:3128", timeout: false });
  assert.deepEqual(calls, [[target.url, { protocols: target.protocols, headers: target.headers, tls, proxy: "http://u:p@proxy.test:3128" }]]);
});

test("Deno: the WebSocket gets an HttpClient with the same CA, certificate and proxy as fetch", async () => {
  const clients: unknown[] = [];
  (globalThis as { Deno?: unknown }).Deno = { createHttpClient: (o: unknown) => (clients.push(o), { options: o, close() {} }) };
  const calls = recordWebSocket();
  const { init } = await denoPlatform.fetchSetup(everything, {});
  await denoPlatform.openWebSocket(everything, target, {});
  const options = { caCerts: ["CA"], cert: "CERT", key: "KEY", proxy: { url: "http://u:p@proxy.test:3128" } };
  assert.deepEqual(clients, [options, options]);
  assert.deepEqual((init.client as { options: unknown }).options, options);
  const [url, init2] = calls[0] as [string, { protocols: unknown; headers: unknown; client: { options: unknown } }];
  assert.deepEqual([url, init2.protocols, init2.headers, init2.client.options], [target.url, target.protocols, target.headers, options]);
});

test("other runtimes: the bearer token travels as a subprotocol, the standard API takes no options", async () => {
  const calls = recordWebSocket();
  await webPlatform.openWebSocket({ tls: { rejectUnauthorized: true } }, { ...target, bearerToken: "tok/en+" }, {});
  assert.deepEqual(calls, [[target.url, ["v5.channel.k8s.io", `base64url.bearer.authorization.k8s.io.${Buffer.from("tok/en+").toString("base64url")}`]]]);
});
