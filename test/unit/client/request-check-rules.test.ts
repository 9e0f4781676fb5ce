// The request, configuration and header checks rule by rule, beyond request-checks.test.ts:
// every character class of a path, a query, a subprotocol and a header name, each field's
// refusal with its exact message, no secret in any message, and the header lists a client
// reuses between calls.
import { test } from "node:test";
import assert from "node:assert/strict";
import { KubexArgumentError } from "../../../runtime/index.js";
import { checkConfiguration } from "../../../runtime/client/check-configuration.js";
import { checkRequest, checkRequestTimeout, checkWebSocketRequest } from "../../../runtime/client/check-request.js";
import { CallHeaders, checkHeaderValue, headerValueProblem, requestHeaders, type HeaderList } from "../../../runtime/client/headers.js";
import type { ClientConfiguration } from "../../../runtime/configuration/types.js";

const refusedWith = (message: string) => (e: unknown) => {
  assert.ok(e instanceof KubexArgumentError, String(e));
  assert.equal(e.message, message);
  assert.equal(e.argument, message.slice(0, message.indexOf(": ")));
  return true;
};

const pathMessage = "path: accepts an absolute API path starting with / without spaces, control characters, ? or #";
const queryMessage = "query: accepts an array of [name, value] pairs of well-formed strings (no lone UTF-16 surrogate)";
const get = { method: "GET", path: "/api/v1/pods" } as const;

test("a path must start with /, and holds no control character, space, ?, # or lone surrogate anywhere", () => {
  for (const path of ["api/v1/pods", "x/", "/a\u0000", "/\u0001b", "/a\u001fb", "/a\tb", "/a\u00a0b", "/\uD800x", "/x\uDC00", "/\uDC00\uD800", "/a/b?", "#/a"]) {
    assert.throws(() => checkRequest({ ...get, path }), refusedWith(pathMessage), JSON.stringify(path));
  }
  // A value that only prints as a path is not one.
  for (const path of [["/api/v1/pods"], new String("/api/v1/pods")]) assert.throws(() => checkRequest({ ...get, path } as never), refusedWith(pathMessage));
  for (const path of ["/", "/api/v1/namespaces/a%2Fb/pods", "/a~!$&'()*+,;=:@-._", "/\u00e9\u4e2d", "/\uD83D\uDE00/x\uD83D\uDE00"]) {
    assert.doesNotThrow(() => checkRequest({ ...get, path }), JSON.stringify(path));
  }
});

test("a query is an array of pairs of two well-formed strings; anything else is refused by message", () => {
  for (const query of [null, "a=b", ["ab"], [["a"]], [[1, "v"]], [["a", undefined]], [["a", "\uD800"]], [["a", "x\uDC00"]], [["a", "b"], "cd"]]) {
    assert.throws(() => checkRequest({ ...get, query } as never), refusedWith(queryMessage), JSON.stringify(query));
  }
  assert.doesNotThrow(() => checkRequest({ ...get, query: [["labelSelector", "app=\uD83D\uDE00"], ["", ""]] }));
});

test("a timeout is checked by part, and its message names the part and shows the value", () => {
  assert.throws(() => checkRequest({ ...get, timeout: { total: -1 } }), refusedWith("requestTimeout.total: accepts a number of seconds from 0 to 2147483 or null; got -1"));
  assert.throws(() => checkRequestTimeout("5"), refusedWith('requestTimeout: accepts a number of seconds, a Timeout {total, connect, read}, or null; got "5"'));
  for (const timeout of [undefined, null, 0, 2147483, { total: null, connect: 1, read: 2 }]) assert.doesNotThrow(() => checkRequestTimeout(timeout), JSON.stringify(timeout));
});

test("a body is a string or bytes; the refusal shows what it got", () => {
  assert.throws(() => checkRequest({ method: "POST", path: "/x", body: 5 } as never), refusedWith("body: accepts a string or a Uint8Array; got 5"));
  assert.throws(() => checkRequest({ method: "POST", path: "/x", body: null } as never), refusedWith("body: accepts a string or a Uint8Array; got null"));
  assert.throws(() => checkRequest({ method: "POST", path: "/x", body: [1] } as never), refusedWith("body: accepts a string or a Uint8Array; got an array"));
  assert.doesNotThrow(() => checkRequest({ method: "POST", path: "/x", body: "" }));
  assert.doesNotThrow(() => checkRequest({ method: "POST", path: "/x", body: new Uint8Array(0) }));
  assert.throws(() => checkRequest({ ...get, method: undefined } as never), refusedWith("method: accepts GET, POST, PUT, PATCH, DELETE; got undefined"));
});

test("a subprotocol is an HTTP token of any of its characters; the common checks run on a WebSocket request too", () => {
  const ws = { path: "/api/v1/namespaces/n/pods/p/exec", protocols: ["v5.channel.k8s.io"] };
  assert.doesNotThrow(() => checkWebSocketRequest({ ...ws, protocols: ["!#$%&'*+-.^_`|~", "09AZaz", "v4.channel.k8s.io", "base64.channel.k8s.io"] }));
  for (const protocols of [["a/b"], ["a,b"], ["(a)"], ["a\u00e9"], ["ok", null]]) {
    assert.throws(() => checkWebSocketRequest({ ...ws, protocols } as never), refusedWith("protocols: accepts a non-empty array of subprotocol names"), JSON.stringify(protocols));
  }
  assert.throws(() => checkWebSocketRequest({ ...ws, query: [["a"]] } as never), refusedWith(queryMessage));
  assert.throws(() => checkWebSocketRequest({ ...ws, timeout: -1 }), refusedWith("requestTimeout: accepts a number of seconds from 0 to 2147483; got -1"));
  assert.throws(() => checkWebSocketRequest({ ...ws, signal: "stop" } as never), refusedWith("signal: accepts an AbortSignal"));
  assert.throws(() => checkWebSocketRequest("ws" as never), refusedWith("request: must be an object"));
});

const valid = { server: "https://k:6443", namespace: "default", tls: {} } as ClientConfiguration;
const check = (fields: Record<string, unknown>) => () => checkConfiguration({ ...valid, ...fields } as ClientConfiguration);

test("configuration: each TLS field, a URL object, an impersonation of the wrong shape, each refused by message", () => {
  assert.throws(check({ tls: { cert: 1, key: "k" } }), refusedWith("configuration.tls.cert: accepts a string"));
  assert.throws(check({ tls: { cert: "c", key: 1 } }), refusedWith("configuration.tls.key: accepts a string"));
  assert.throws(check({ tls: [] }), refusedWith("configuration.tls: accepts an object ({} for the system's CAs and no client certificate)"));
  assert.throws(check({ tls: null }), refusedWith("configuration.tls: accepts an object ({} for the system's CAs and no client certificate)"));
  const server = "configuration.server: accepts an https:// or http:// URL (the value is not shown: it may hold credentials)";
  assert.throws(check({ server: new URL("https://k:6443") }), refusedWith(server));
  assert.throws(check({ server: "not a url" }), refusedWith(server));
  assert.throws(check({ server: "" }), refusedWith(server));
  assert.throws(check({ proxyUrl: new URL("http://proxy:3128") }), refusedWith("configuration.proxyUrl: accepts an http:// or https:// URL (the value is not shown: it may hold a password)"));
  assert.throws(check({ proxyUrl: null }), refusedWith("configuration.proxyUrl: accepts an http:// or https:// URL (the value is not shown: it may hold a password)"));
  for (const impersonate of [null, [], "admin"]) {
    assert.throws(check({ impersonate }), refusedWith("configuration.impersonate: accepts an object {user?, uid?, groups?, extra?}"), JSON.stringify(impersonate));
  }
  assert.throws(check({ impersonate: { user: 1 } }), refusedWith("configuration.impersonate.user: must be a string; got number"));
  assert.throws(check({ impersonate: { uid: "a\nb" } }), refusedWith("configuration.impersonate.uid: contains a character a header value cannot carry (CR, LF, NUL, another control character except tab, or one above U+00FF)"));
  assert.throws(check({ impersonate: { groups: [1] } }), refusedWith("configuration.impersonate.groups[0]: must be a string; got number"));
  assert.throws(check({ impersonate: { extra: null } }), refusedWith("configuration.impersonate.extra: accepts an object of string arrays"));
  assert.throws(check({ impersonate: { extra: { a: ["x"], b: [null] } } }), refusedWith("configuration.impersonate.extra.b[0]: must be a string; got null"));
  assert.throws(check({ namespace: 1 }), refusedWith("configuration.namespace: accepts a string"));
  assert.throws(check({ credentialProvider: { getCredentials: "yes" } }), refusedWith("configuration.credentialProvider: accepts an object with a getCredentials(options) method"));
  assert.throws(() => checkConfiguration("https://k" as never), refusedWith("configuration: must be an object (a ClientConfiguration)"));
  assert.throws(() => checkConfiguration(undefined as never), refusedWith("configuration: must be an object (a ClientConfiguration)"));
});

test("configuration: the accepted shapes of each optional field, absent or present", () => {
  assert.doesNotThrow(check({ tls: { insecureSkipVerify: true } }));
  assert.doesNotThrow(check({ server: "HTTPS://K:6443/prefix/" }));
  assert.doesNotThrow(check({ impersonate: { groups: [] } }));
  assert.doesNotThrow(check({ impersonate: { extra: {} } }));
  assert.doesNotThrow(check({ impersonate: { user: "", uid: "" } }));
  assert.doesNotThrow(check({ token: "", username: "", password: "" }));
});

test("no refusal shows the secret it refused: a server, a proxy, a token, a password or an impersonated value", () => {
  const secret = "s3cr3t";
  const cases: Record<string, unknown>[] = [
    { server: `ftp://user:${secret}@k` },
    { server: `https//user:${secret}@k` },
    { proxyUrl: `socks5://user:${secret}@proxy:1080` },
    { proxyUrl: `http//user:${secret}@proxy` },
    { token: `${secret}\n` },
    { token: `${secret}\u0100` },
    { password: [secret] },
    { impersonate: { user: `${secret}\r` } },
    { impersonate: { extra: { scopes: [`${secret}\u0000`] } } },
    { tls: { key: secret } },
  ];
  for (const fields of cases) {
    assert.throws(check(fields), (e: unknown) => e instanceof KubexArgumentError && !e.message.includes(secret) && !String(e.stack).includes(secret), JSON.stringify(Object.keys(fields)));
  }
  assert.throws(() => requestHeaders({ Authorization: `Bearer ${secret}\r\n` }), (e: unknown) => e instanceof KubexArgumentError && !e.message.includes(secret));
});

test("header names: every token character passes; a separator or non-ASCII does not; checkHeaderValue names its argument", () => {
  assert.deepEqual(requestHeaders({ "!#$%&'*+-.^_`|~09AZaz": "v" }), [["!#$%&'*+-.^_`|~09azaz", "v"]]);
  for (const name of ["a:b", "a/b", "(a)", "\u00e9", "a\tb", "a,b"]) {
    assert.throws(() => requestHeaders({ [name]: "v" }), refusedWith("headers: a header name is not an HTTP token (letters, digits and !#$%&'*+-.^_`|~)"), JSON.stringify(name));
  }
  assert.throws(() => requestHeaders({ "X-Count": 5 as never }), refusedWith("headers.X-Count: must be a string; got number"));
  assert.throws(() => checkHeaderValue("token", "a\u0100"), refusedWith("token: contains a character a header value cannot carry (CR, LF, NUL, another control character except tab, or one above U+00FF)"));
  assert.doesNotThrow(() => checkHeaderValue("token", "\u0020\u007e\u0080\u00ff\t"));
  assert.equal(headerValueProblem(["a"]), "must be a string; got object");
  assert.equal(headerValueProblem("a\u0100b"), "contains a character a header value cannot carry (CR, LF, NUL, another control character except tab, or one above U+00FF)");
});

function callHeaders() {
  const tokens: (string | undefined)[] = [];
  const base: HeaderList = [["accept", "application/json"], ["user-agent", "kubex-ts"]];
  const headers = new CallHeaders(base, (token) => {
    tokens.push(token);
    return token === undefined ? [] : [["authorization", `Bearer ${token}`]];
  });
  return { headers, tokens };
}

test("CallHeaders: a call without headers of its own reuses the list built for the same token and kind", () => {
  const { headers, tokens } = callHeaders();
  const plain = headers.of("t", [], false);
  assert.deepEqual(plain, [["accept", "application/json"], ["user-agent", "kubex-ts"], ["authorization", "Bearer t"]]);
  assert.equal(headers.of("t", [], false), plain);
  const withBody = headers.of("t", [], true);
  assert.deepEqual(withBody, [...plain, ["content-type", "application/json"]]);
  assert.equal(headers.of("t", [], true), withBody);
  assert.equal(headers.of("t", [], false), plain);
  assert.deepEqual(tokens, ["t", "t"]);
  const rotated = headers.of("u", [], false);
  assert.deepEqual(rotated, [["accept", "application/json"], ["user-agent", "kubex-ts"], ["authorization", "Bearer u"]]);
  assert.deepEqual(headers.of(undefined, [], false), [["accept", "application/json"], ["user-agent", "kubex-ts"]]);
  assert.deepEqual(headers.of(undefined, [], false), [["accept", "application/json"], ["user-agent", "kubex-ts"]]);
  assert.deepEqual(tokens, ["t", "t", "u", undefined]);
});

test("CallHeaders: a call's own headers override the others; a body gets a JSON content type unless it names its own", () => {
  const { headers } = callHeaders();
  assert.deepEqual(headers.of("t", [["accept", "text/plain"]], false), [["user-agent", "kubex-ts"], ["authorization", "Bearer t"], ["accept", "text/plain"]]);
  assert.deepEqual(headers.of("t", [["x-a", "1"]], true), [["accept", "application/json"], ["user-agent", "kubex-ts"], ["authorization", "Bearer t"], ["x-a", "1"], ["content-type", "application/json"]]);
  assert.deepEqual(headers.of("t", [["content-type", "application/merge-patch+json"]], true), [["accept", "application/json"], ["user-agent", "kubex-ts"], ["authorization", "Bearer t"], ["content-type", "application/merge-patch+json"]]);
  assert.deepEqual(headers.of("t", [["authorization", "Basic x"]], false), [["accept", "application/json"], ["user-agent", "kubex-ts"], ["authorization", "Basic x"]]);
  // The calls with their own headers leave the reused lists alone.
  assert.deepEqual(headers.of("t", [], false), [["accept", "application/json"], ["user-agent", "kubex-ts"], ["authorization", "Bearer t"]]);
});
