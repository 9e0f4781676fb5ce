// ClientOptions rules, one case at a time: the exact refusal of every field (what it accepts,
// how the value is shown), the values each field accepts (undefined keeps the default, null
// turns a limit off), and how the HTTP/2 limits resolve. Pure functions: no client is built.
import { test } from "node:test";
import assert from "node:assert/strict";
import { KubexArgumentError, KubexConfigurationError } from "../../../runtime/errors.js";
import {
  defaultBufferSize,
  defaultWsMaxMessageSize,
  resolveHttp2,
  resolveTimeout,
  resolveWsMaxMessageSize,
  validateOptions,
  type ClientOptions,
} from "../../../runtime/client/options.js";

const known = "logApiWarnings, warningHandler, timeout, proxy, keepAlive, keepAliveTimeout, poolSize, poolSizePerHost, bufferSize, wsMaxMessageSize, trustEnv, retry, rateLimit, http2";

/** The message `validateOptions` refuses `options` with; fails when it accepts them or throws another class. */
function refusal(options: unknown): string {
  try {
    validateOptions(options as ClientOptions);
  } catch (error) {
    assert.ok(error instanceof KubexConfigurationError, `${String(error)} is a KubexConfigurationError`);
    return error.message;
  }
  assert.fail(`accepted ${JSON.stringify(options)}`);
}

test("options that are not an object are refused as such", () => {
  for (const options of [null, undefined, "timeout", 5, true]) {
    assert.equal(refusal(options), "ClientOptions must be an object", String(options));
  }
});

test("an unknown field is refused with the list of known fields", () => {
  assert.equal(refusal({ poolsize: 3 }), `ClientOptions.poolsize is not an option (known: ${known})`);
  assert.equal(refusal({ keepAlive: true, Proxy: "http://p:1" }), `ClientOptions.Proxy is not an option (known: ${known})`);
});

test("every known field is accepted with a valid value, and with undefined", () => {
  const valid: ClientOptions = {
    logApiWarnings: true, warningHandler: () => {}, timeout: 5, proxy: "http://proxy:3128", keepAlive: true, keepAliveTimeout: 4,
    poolSize: 8, poolSizePerHost: 2, bufferSize: 1024, wsMaxMessageSize: 4096, trustEnv: false, retry: false, rateLimit: { qps: 1 }, http2: true,
  };
  assert.deepEqual(Object.keys(valid).join(", "), known);
  for (const [field, value] of Object.entries(valid)) {
    assert.doesNotThrow(() => validateOptions({ [field]: value }), field);
    assert.doesNotThrow(() => validateOptions({ [field]: undefined }), `${field}: undefined`);
  }
  assert.doesNotThrow(() => validateOptions(valid));
  assert.doesNotThrow(() => validateOptions({}));
});

test("the three boolean fields accept true and false, and nothing else (null included)", () => {
  for (const field of ["logApiWarnings", "keepAlive", "trustEnv"]) {
    assert.doesNotThrow(() => validateOptions({ [field]: true }));
    assert.doesNotThrow(() => validateOptions({ [field]: false }));
    assert.equal(refusal({ [field]: null }), `ClientOptions.${field} accepts a boolean; got null`);
    assert.equal(refusal({ [field]: 0 }), `ClientOptions.${field} accepts a boolean; got 0`);
    assert.equal(refusal({ [field]: "true" }), `ClientOptions.${field} accepts a boolean; got "true"`);
    assert.equal(refusal({ [field]: {} }), `ClientOptions.${field} accepts a boolean; got an object`);
  }
});

test("a refused value is shown quoted when a string, as 'an object' when an object, and as itself otherwise", () => {
  assert.equal(refusal({ keepAlive: "no" }), 'ClientOptions.keepAlive accepts a boolean; got "no"');
  assert.equal(refusal({ keepAlive: ["no"] }), "ClientOptions.keepAlive accepts a boolean; got an object");
  assert.equal(refusal({ keepAlive: null }), "ClientOptions.keepAlive accepts a boolean; got null");
  assert.equal(refusal({ keepAlive: 1n }), "ClientOptions.keepAlive accepts a boolean; got 1");
  assert.equal(refusal({ keepAlive: Symbol("s") }), "ClientOptions.keepAlive accepts a boolean; got Symbol(s)");
  // A string that is a URL with a password is shown without it.
  assert.equal(refusal({ keepAlive: "http://u:hunter2@h/" }), 'ClientOptions.keepAlive accepts a boolean; got "http://u:redacted@h/"');
});

test("the four sizes accept an integer > 0 or null, and refuse 0, negatives, fractions, NaN, Infinity and non-numbers", () => {
  for (const field of ["poolSize", "poolSizePerHost", "bufferSize", "wsMaxMessageSize"]) {
    for (const ok of [1, 2, 2 ** 31, null, undefined]) assert.doesNotThrow(() => validateOptions({ [field]: ok }), `${field}: ${ok}`);
    for (const [bad, shown] of [[0, "0"], [-1, "-1"], [1.5, "1.5"], [Number.NaN, "NaN"], [Infinity, "Infinity"], ["2", '"2"'], [true, "true"], [{}, "an object"]] as const) {
      assert.equal(refusal({ [field]: bad }), `ClientOptions.${field} accepts an integer > 0 or null; got ${shown}`);
    }
  }
});

test("keepAliveTimeout accepts seconds >= 0 (fractions and 0 included) or null, and refuses the rest", () => {
  for (const ok of [0, 0.5, 30, null, undefined]) assert.doesNotThrow(() => validateOptions({ keepAliveTimeout: ok }), String(ok));
  for (const [bad, shown] of [[-1, "-1"], [-0.001, "-0.001"], [Number.NaN, "NaN"], [Infinity, "Infinity"], ["5", '"5"'], [false, "false"]] as const) {
    assert.equal(refusal({ keepAliveTimeout: bad }), `ClientOptions.keepAliveTimeout accepts a number of seconds >= 0 or null; got ${shown}`);
  }
});

test("warningHandler accepts a function only", () => {
  assert.doesNotThrow(() => validateOptions({ warningHandler: () => {} }));
  assert.equal(refusal({ warningHandler: "console.warn" }), 'ClientOptions.warningHandler accepts a function; got "console.warn"');
  assert.equal(refusal({ warningHandler: null }), "ClientOptions.warningHandler accepts a function; got null");
  assert.equal(refusal({ warningHandler: {} }), "ClientOptions.warningHandler accepts a function; got an object");
});

test("a timeout's refusal names the part of the Timeout at fault", () => {
  assert.equal(refusal({ timeout: { read: -1 } }), "ClientOptions.timeout.read accepts a number of seconds from 0 to 2147483 or null; got -1");
  assert.equal(refusal({ timeout: -2 }), "ClientOptions.timeout accepts a number of seconds from 0 to 2147483; got -2");
  assert.doesNotThrow(() => validateOptions({ timeout: { total: null, connect: 0, read: 2147483 } }));
});

test("retry and rateLimit are checked under their ClientOptions names", () => {
  assert.throws(() => validateOptions({ retry: { attempts: 0 } }), (e: Error) => e instanceof KubexArgumentError && e.argument === "ClientOptions.retry.attempts");
  assert.throws(() => validateOptions({ rateLimit: { qps: 0 } }), (e: Error) => e instanceof KubexArgumentError && e.argument === "ClientOptions.rateLimit.qps");
});

test("a proxy is one http(s) URL or a map by scheme; null and undefined mean none", () => {
  for (const ok of [null, undefined, "http://proxy:3128", "https://proxy:3128", { http: "http://p:1" }, { https: "https://p:1" }, { http: "http://a:1", https: "http://b:2" }, {}]) {
    assert.doesNotThrow(() => validateOptions({ proxy: ok as ClientOptions["proxy"] }), JSON.stringify(ok));
  }
  assert.equal(refusal({ proxy: "not a url" }), 'ClientOptions.proxy accepts an http:// or https:// proxy URL; got "not a url"');
  assert.equal(refusal({ proxy: "socks5://p:1" }), 'ClientOptions.proxy accepts an http:// or https:// proxy URL; got "socks5://p:1"');
  assert.equal(refusal({ proxy: "ftp://u:hunter2@p:1" }), 'ClientOptions.proxy accepts an http:// or https:// proxy URL; got "ftp://u:redacted@p:1/"');
  assert.equal(refusal({ proxy: { https: 3128 } }), "ClientOptions.proxy.https accepts a proxy URL string; got 3128");
  assert.equal(refusal({ proxy: { http: null } }), "ClientOptions.proxy.http accepts a proxy URL string; got null");
  assert.equal(refusal({ proxy: { http: "http://ok:1", https: "file:///x" } }), 'ClientOptions.proxy.https accepts an http:// or https:// proxy URL; got "file:///x"');
  assert.equal(refusal({ proxy: { HTTPS: "http://p:1" } }), 'ClientOptions.proxy accepts only the scheme keys "http" and "https"; got "HTTPS"');
  assert.equal(refusal({ proxy: true }), "ClientOptions.proxy accepts a proxy URL or a map {http?, https?}; got true");
  assert.equal(refusal({ proxy: 42 }), "ClientOptions.proxy accepts a proxy URL or a map {http?, https?}; got 42");
});

test("http2 is a boolean or { connections?, streamsPerConnection? } of integers > 0", () => {
  for (const ok of [true, false, undefined, {}, { connections: 1 }, { streamsPerConnection: 1 }, { connections: 10, streamsPerConnection: 100 }, { connections: undefined }]) {
    assert.doesNotThrow(() => validateOptions({ http2: ok }), JSON.stringify(ok));
  }
  const shape = "ClientOptions.http2 accepts a boolean or { connections?, streamsPerConnection? }";
  assert.equal(refusal({ http2: null }), `${shape}; got null`);
  assert.equal(refusal({ http2: [] }), `${shape}; got an object`);
  assert.equal(refusal({ http2: 2 }), `${shape}; got 2`);
  assert.equal(refusal({ http2: "h2" }), `${shape}; got "h2"`);
  assert.equal(refusal({ http2: { streams: 5 } }), "ClientOptions.http2.streams is not an option (known: connections, streamsPerConnection)");
  for (const key of ["connections", "streamsPerConnection"]) {
    for (const [bad, shown] of [[0, "0"], [-1, "-1"], [1.5, "1.5"], ["3", '"3"'], [null, "null"], [Infinity, "Infinity"]] as const) {
      assert.equal(refusal({ http2: { [key]: bad } }), `ClientOptions.http2.${key} accepts an integer > 0; got ${shown}`);
    }
  }
});

test("the first field at fault is the one named", () => {
  assert.match(refusal({ logApiWarnings: 1, keepAlive: 1, trustEnv: 1 }), /^ClientOptions\.logApiWarnings /);
  assert.match(refusal({ keepAlive: 1, trustEnv: 1 }), /^ClientOptions\.keepAlive /);
  assert.match(refusal({ poolSize: 0, poolSizePerHost: 0, bufferSize: 0, wsMaxMessageSize: 0 }), /^ClientOptions\.poolSize /);
  assert.match(refusal({ poolSizePerHost: 0, bufferSize: 0, wsMaxMessageSize: 0 }), /^ClientOptions\.poolSizePerHost /);
  assert.match(refusal({ bufferSize: 0, wsMaxMessageSize: 0 }), /^ClientOptions\.bufferSize /);
});

test("resolveHttp2: off without http2 or with false; true means unlimited connections and the server's streams", () => {
  assert.equal(resolveHttp2({}), undefined);
  assert.equal(resolveHttp2({ http2: false }), undefined);
  assert.deepEqual(resolveHttp2({ http2: true }), { connections: Number.POSITIVE_INFINITY, streamsPerConnection: undefined });
  assert.deepEqual(resolveHttp2({ http2: {} }), { connections: Number.POSITIVE_INFINITY, streamsPerConnection: undefined });
  assert.deepEqual(resolveHttp2({ http2: { connections: 3 } }), { connections: 3, streamsPerConnection: undefined });
  assert.deepEqual(resolveHttp2({ http2: { streamsPerConnection: 50 } }), { connections: Number.POSITIVE_INFINITY, streamsPerConnection: 50 });
});

test("the documented defaults: 2**21 bytes for the read buffer and a WebSocket message; timeouts resolve to seconds", () => {
  assert.equal(defaultBufferSize, 2 ** 21);
  assert.equal(defaultWsMaxMessageSize, 2 ** 21);
  assert.equal(resolveWsMaxMessageSize(undefined), 2 ** 21);
  assert.equal(resolveWsMaxMessageSize(null), null);
  assert.equal(resolveWsMaxMessageSize(7), 7);
  assert.equal(resolveTimeout(undefined), undefined);
  assert.deepEqual(resolveTimeout(null), { total: null, connect: null, read: null });
  assert.deepEqual(resolveTimeout(0), { total: 0 });
  const given = { connect: 1 };
  assert.equal(resolveTimeout(given), given);
});
