// The client's own 401 path picks up a rotated token file: nothing in the test
// forces a refresh; the re-read happens because the server answered 401.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient, loadKubeconfig, Unauthorized, type Backend } from "../../../runtime/index.js";
import { testCerts } from "../support/certs.js";
import { json, startServer } from "../support/server.js";

const seen: string[] = [];
const server = await startServer((req, res) => {
  seen.push(req.headers.authorization ?? "");
  if (req.headers.authorization === "Bearer right-token") return json(res, 200, { kind: "Thing" });
  json(res, 401, { kind: "Status", apiVersion: "v1", status: "Failure", code: 401, reason: "Unauthorized", message: "Unauthorized" });
});
after(() => server.close());

/** Rewrites a file but gives it back its old modification time, so only a forced re-read can notice. */
function rotateUnnoticed(path: string, text: string): void {
  const { atime, mtime } = statSync(path);
  writeFileSync(path, text);
  utimesSync(path, atime, mtime);
}

for (const backend of ["undici", "fetch"] as Backend[]) {
  test(`${backend}: a tokenFile rotated after a 401 is re-read by the client's own 401 retry, not by its periodic check`, async () => {
    const dir = mkdtempSync(join(tmpdir(), "kubex-rotate-"));
    writeFileSync(join(dir, "token"), "wrong-token\n");
    writeFileSync(join(dir, "config"), `current-context: x
clusters: [{ name: c, cluster: { server: "${server.url}", certificate-authority-data: ${Buffer.from(testCerts().ca).toString("base64")} } }]
users: [{ name: u, user: { tokenFile: token } }]
contexts: [{ name: x, context: { cluster: c, user: u } }]
`);
    await using client = await createClient({ configuration: loadKubeconfig({ path: join(dir, "config") }), backend });
    seen.length = 0;
    await assert.rejects(client.request({ method: "GET", path: "/thing" }), Unauthorized);
    assert.deepEqual(seen, ["Bearer wrong-token", "Bearer wrong-token"], "one retry after the 401, with the file re-read (still wrong)");
    rotateUnnoticed(join(dir, "token"), "right-token\n");
    seen.length = 0;
    const response = await client.request({ method: "GET", path: "/thing" });
    assert.equal(response.status, 200);
    assert.deepEqual(seen, ["Bearer wrong-token", "Bearer right-token"], "the cached token is refused, the 401 makes the client re-read the file, the retry succeeds");
  });
}
