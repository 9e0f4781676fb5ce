/**
 * `kubectl cp` both ways, and binary-safe exec output.
 * Usage: copy-files.ts POD NAMESPACE LOCAL_DIR REMOTE_DIR
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHash } from "node:crypto";
import { Api, createClient } from "../runtime/index.js";
import { Pod } from "../generated/k8s/v1_35/core/v1/index.js";

const [name = "box", namespace = "default", localDir = ".", remoteDir = "/tmp"] = process.argv.slice(2);
await using client = await createClient();
const pods = new Api(Pod, { client, namespace });

const up = await pods.cp.toPod(name, localDir, `${remoteDir}/copied`);
for (const s of up.skipped) console.log(`not copied: ${s.name} (${s.reason})`);

const back = mkdtempSync(join(tmpdir(), "kubex-example-cp-"));
await pods.cp.fromPod(name, `${remoteDir}/copied`, join(back, "copied"));
const sha = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex").slice(0, 16);
console.log(`round trip: data.bin ${sha(join(localDir, "data.bin")) === sha(join(back, "copied/data.bin")) ? "identical" : "DIFFERENT"}`);

// Output as bytes: what `cat` of a binary file gives, unchanged.
const { stdout } = await pods.exec.run(name, { command: ["cat", `${remoteDir}/copied/data.bin`], encoding: "buffer" });
console.log(`exec output: ${stdout.length} bytes, sha ${createHash("sha256").update(stdout).digest("hex").slice(0, 16)}`);
