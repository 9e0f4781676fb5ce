// ClientOptions: validation at construction, resolution of defaults, and the fetch backend's ignored-option warnings.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createClient, KubexConfigurationError, type ClientOptions } from "../../../runtime/index.js";
import { fetchIgnoredOptions } from "../../../runtime/client/backend-warnings.js";
import { resolveTimeout, resolveWsMaxMessageSize, validateOptions } from "../../../runtime/client/options.js";

const configuration = { server: "https://127.0.0.1:1", namespace: "default", tls: {} };

test("invalid options are refused with the field and what it accepts", () => {
  const cases: [unknown, RegExp][] = [
    [{ timeout: true }, /ClientOptions\.timeout accepts a number of seconds, a Timeout \{total, connect, read\}, or null; got true/],
    [{ timeout: -1 }, /ClientOptions\.timeout accepts a number of seconds from 0 to 2147483; got -1/],
    [{ timeout: Infinity }, /ClientOptions\.timeout accepts a number of seconds from 0 to 2147483; got Infinity/],
    [{ timeout: Number.NaN }, /ClientOptions\.timeout accepts a number of seconds from 0 to 2147483; got NaN/],
    [{ timeout: 3e6 }, /ClientOptions\.timeout accepts a number of seconds from 0 to 2147483; got 3000000/],
    [{ timeout: "abc" }, /ClientOptions\.timeout accepts a number of seconds, a Timeout \{total, connect, read\}, or null; got "abc"/],
    [{ timeout: { total: "5" } }, /ClientOptions\.timeout\.total accepts a number of seconds from 0 to 2147483 or null; got "5"/],
    [{ timeout: { idle: 5 } }, /ClientOptions\.timeout\.idle/],
    [{ poolSize: 0 }, /ClientOptions\.poolSize accepts an integer > 0 or null; got 0/],
    [{ poolSize: true }, /ClientOptions\.poolSize accepts an integer > 0 or null; got true/],
    [{ poolSizePerHost: 1.5 }, /ClientOptions\.poolSizePerHost accepts an integer > 0/],
    [{ bufferSize: -4 }, /ClientOptions\.bufferSize accepts an integer > 0 or null; got -4/],
    [{ wsMaxMessageSize: 0 }, /ClientOptions\.wsMaxMessageSize accepts an integer > 0 or null; got 0/],
    [{ keepAliveTimeout: -1 }, /ClientOptions\.keepAliveTimeout accepts a number of seconds >= 0 or null/],
    [{ keepAlive: "yes" }, /ClientOptions\.keepAlive accepts a boolean; got "yes"/],
    [{ logApiWarnings: 1 }, /ClientOptions\.logApiWarnings accepts a boolean; got 1/],
    [{ trustEnv: null }, /ClientOptions\.trustEnv accepts a boolean; got null/],
    [{ proxy: { ftp: "http://p:1" } }, /ClientOptions\.proxy accepts only the scheme keys "http" and "https"; got "ftp"/],
    [{ proxy: "socks5://p:1" }, /ClientOptions\.proxy accepts an http:\/\/ or https:\/\/ proxy URL/],
    [{ proxy: 42 }, /ClientOptions\.proxy accepts a proxy URL or a map/],
    [{ poolsize: 3 }, /ClientOptions\.poolsize is not an option/],
  ];
  for (const [options, message] of cases) {
    assert.throws(() => validateOptions(options as ClientOptions), (e: Error) => e instanceof KubexConfigurationError && message.test(e.message), JSON.stringify(options));
  }
});

test("an invalid proxy URL is reported without its password", () => {
  assert.throws(
    () => validateOptions({ proxy: "ftp://user:hunter2@proxy:8080" }),
    (e: Error) => /proxy URL; got "ftp:\/\/user:redacted@proxy:8080\/"/.test(e.message) && !e.message.includes("hunter2"),
  );
});

test("valid options pass, including every null", () => {
  validateOptions({
    logApiWarnings: false, timeout: { total: 30, connect: null, read: 5 }, proxy: { https: "http://proxy:3128" }, keepAlive: false,
    keepAliveTimeout: null, poolSize: null, poolSizePerHost: 10, bufferSize: null, wsMaxMessageSize: null, trustEnv: true,
  });
  validateOptions({ timeout: null, proxy: null });
});

test("createClient validates options before anything is sent", async () => {
  await assert.rejects(createClient({ configuration, options: { poolSize: -1 } }), KubexConfigurationError);
  await assert.rejects(createClient({ configuration, backend: "curl" as never }), /init\.backend: accepts "undici" or "fetch" \(undefined for undici\); got "curl"/);
});

test("resolveWsMaxMessageSize and resolveTimeout: undefined keeps the default, null turns the limit off", () => {
  assert.equal(resolveWsMaxMessageSize(undefined), 2 ** 21);
  assert.equal(resolveWsMaxMessageSize(null), null);
  assert.equal(resolveWsMaxMessageSize(1024), 1024);
  assert.equal(resolveTimeout(undefined), undefined);
  assert.deepEqual(resolveTimeout(null), { total: null, connect: null, read: null });
  assert.deepEqual(resolveTimeout(12), { total: 12 });
  assert.deepEqual(resolveTimeout({ read: 3 }), { read: 3 });
});

// One row per option of the README's backend table: what the fetch backend ignores, with one warning each.
const fetchRows: [ClientOptions, string | undefined][] = [
  [{ keepAlive: false }, "keepAlive"],
  [{ keepAlive: true }, undefined],
  [{ keepAliveTimeout: 30 }, "keepAliveTimeout"],
  [{ keepAliveTimeout: null }, "keepAliveTimeout"],
  [{ poolSize: 10 }, "poolSize"],
  [{ poolSize: null }, "poolSize"],
  [{ poolSizePerHost: 4 }, "poolSizePerHost"],
  [{ poolSizePerHost: null }, "poolSizePerHost"],
  [{ bufferSize: 65536 }, "bufferSize"],
  [{ bufferSize: null }, "bufferSize"],
  [{ timeout: { connect: 3 } }, "timeout.connect"],
  [{ timeout: { connect: null } }, "timeout.connect"],
  [{ timeout: null }, undefined],
  [{ proxy: null }, undefined],
  [{ wsMaxMessageSize: null }, undefined],
  [{ timeout: { total: 3, read: 2 } }, undefined],
  [{ timeout: 10 }, undefined],
  [{ proxy: "http://proxy:3128" }, undefined],
  [{ trustEnv: true }, undefined],
  [{ wsMaxMessageSize: 1024 }, undefined],
  [{ logApiWarnings: false }, undefined],
];

const codeSuffix: Record<string, string> = {
  keepAlive: "KEEP_ALIVE", keepAliveTimeout: "KEEP_ALIVE_TIMEOUT", poolSize: "POOL_SIZE", poolSizePerHost: "POOL_SIZE_PER_HOST",
  bufferSize: "BUFFER_SIZE", "timeout.connect": "TIMEOUT_CONNECT",
};

for (const [options, field] of fetchRows) {
  test(`fetch backend with ${JSON.stringify(options)}: ${field ? `one warning for ${field}` : "no warning"}`, async () => {
    const warnings: { message: string; code: string | undefined }[] = [];
    const listener = (w: Error & { code?: string }) => warnings.push({ message: w.message, code: w.code });
    process.on("warning", listener);
    try {
      assert.deepEqual(fetchIgnoredOptions(options).map((i) => i.field), field ? [field] : []);
      const client = await createClient({ configuration, options, backend: "fetch" });
      await client.close();
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off("warning", listener);
    }
    const ours = warnings.filter((w) => w.code?.startsWith("KUBEX_OPTION_IGNORED"));
    assert.equal(ours.length, field ? 1 : 0, JSON.stringify(warnings));
    if (field) assert.match(ours[0]!.message, new RegExp(`ClientOptions\\.${field.replace(".", "\\.")} is ignored by the fetch backend`));
    if (field) assert.equal(ours[0]!.code, `KUBEX_OPTION_IGNORED_${codeSuffix[field]}`);
  });
}

// What each option does on the undici backend is proven on the wire (pool.test.ts, http.test.ts); this only pins the absence of warnings.
test("the undici backend warns about no option, even with every option set", async () => {
  const warnings: Error[] = [];
  const listener = (w: Error) => warnings.push(w);
  process.on("warning", listener);
  const client = await createClient({
    configuration,
    options: { keepAlive: false, keepAliveTimeout: 30, poolSize: 10, poolSizePerHost: 4, bufferSize: 65536, timeout: { connect: 3, read: 2, total: 9 }, proxy: "http://127.0.0.1:9", wsMaxMessageSize: 1024 },
  });
  await client.close();
  await new Promise((r) => setImmediate(r));
  process.off("warning", listener);
  assert.deepEqual(warnings, []);
});
