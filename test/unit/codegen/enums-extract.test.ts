// The Go program that reads the enums out of k8s.io/api: its own tests (a fixture module with
// the shapes k8s.io/api has) and its output for one real version.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import assert from "node:assert/strict";
import { readEnumCatalog } from "../../../codegen/enums.js";
import { skipOutsideCI } from "../../e2e/support/skip.js";

const root = new URL("../../..", import.meta.url).pathname;
const hasGo = spawnSync("go", ["version"]).status === 0;
const noGo = hasGo ? false : "needs Go";
const goEnv = { ...process.env, GOTOOLCHAIN: "local", GOWORK: "off", GOFLAGS: "-modcacherw" };

test("codegen/enums: go vet and go test pass", { skip: skipOutsideCI(noGo), timeout: 120_000 }, () => {
  for (const args of [["vet", "."], ["test", "./..."]]) {
    const r = spawnSync("go", args, { cwd: `${root}codegen/enums`, encoding: "utf8", env: goEnv });
    assert.equal(r.status, 0, `go ${args.join(" ")}: ${r.stdout}${r.stderr}`);
  }
});

test("fetch-enums.sh 1.35.4: the catalog of k8s.io/api v0.35.4, with DNSPolicy on PodSpec.dnsPolicy and access modes on list items", { skip: skipOutsideCI(noGo), timeout: 300_000 }, () => {
  const r = spawnSync("bash", ["scripts/fetch-enums.sh", "1.35.4"], { cwd: root, encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  const file = r.stdout.trim();
  const catalog = readEnumCatalog(file);
  assert.deepEqual(catalog.sources[0], { module: "k8s.io/api", version: "v0.35.4" });
  assert.deepEqual(
    catalog.enums["io.k8s.api.core.v1.DNSPolicy"]?.map((v) => v.value),
    ["ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"],
  );
  const field = (schema: string, name: string) => catalog.fields.find((f) => f.schema === schema && f.field === name);
  assert.deepEqual(field("io.k8s.api.core.v1.PodSpec", "dnsPolicy"), { schema: "io.k8s.api.core.v1.PodSpec", field: "dnsPolicy", path: [], enum: "io.k8s.api.core.v1.DNSPolicy" });
  assert.deepEqual(field("io.k8s.api.core.v1.PersistentVolumeClaimSpec", "accessModes")?.path, ["items"]);
  // Used across packages: networking/v1's port protocol is core/v1's Protocol.
  assert.equal(field("io.k8s.api.networking.v1.NetworkPolicyPort", "protocol")?.enum, "io.k8s.api.core.v1.Protocol");
  // Inlined structs: an ephemeral container's fields come from EphemeralContainerCommon.
  assert.equal(field("io.k8s.api.core.v1.EphemeralContainer", "imagePullPolicy")?.enum, "io.k8s.api.core.v1.PullPolicy");
  // A second run reads the cache.
  const again = spawnSync("bash", ["scripts/fetch-enums.sh", "1.35.4"], { cwd: root, encoding: "utf8" });
  assert.equal(again.stdout.trim(), file);
  assert.equal(readFileSync(file, "utf8"), readFileSync(again.stdout.trim(), "utf8"));
});
