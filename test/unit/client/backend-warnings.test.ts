// The reasons the fetch backend gives for each option it ignores: users read them in the warning.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fetchIgnoredOptions } from "../../../runtime/client/backend-warnings.js";

test("fetch backend: each ignored option comes with its own reason, in the order of the option table", () => {
  const ignored = fetchIgnoredOptions({ keepAlive: false, keepAliveTimeout: 1, poolSize: 2, poolSizePerHost: 3, bufferSize: 4, timeout: { connect: 5 } });
  assert.deepEqual(ignored, [
    { field: "keepAlive", reason: "fetch cannot close connections after use; the runtime manages keep-alive" },
    { field: "keepAliveTimeout", reason: "fetch has no idle-connection lifetime setting" },
    { field: "poolSize", reason: "fetch has no connection pool limit" },
    { field: "poolSizePerHost", reason: "fetch has no per-host pool limit" },
    { field: "bufferSize", reason: "fetch has no read buffer size setting" },
    { field: "timeout.connect", reason: "fetch has no connect phase timeout; total and read still apply" },
  ]);
  assert.deepEqual(fetchIgnoredOptions({ keepAlive: true, timeout: null, poolSize: undefined }), []);
  assert.deepEqual(fetchIgnoredOptions({ timeout: 5 }), []);
  assert.deepEqual(fetchIgnoredOptions({ timeout: { total: 5, read: 1 } }), []);
});
