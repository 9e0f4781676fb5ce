/**
 * A watch typed as a union (a BOOKMARK carries only a resourceVersion), stopped
 * quietly by your own AbortSignal.
 * Usage: watch-events.ts NAMESPACE
 */
import { Api, createClient, isAbortError } from "../runtime/index.js";
import { ConfigMap } from "../generated/k8s/v1_35/core/v1/index.js";

const [namespace = "default"] = process.argv.slice(2);
await using client = await createClient();
const configMaps = new Api(ConfigMap, { client, namespace });

const stop = new AbortController();
const writer = (async () => {
  await new Promise((resolve) => setTimeout(resolve, 200));
  await configMaps.create({ metadata: { name: "watched" }, data: { step: "1" } });
  await configMaps.patch("watched", { data: { step: "2" } });
  await configMaps.delete("watched");
})();

let resourceVersion: string | undefined;
try {
  for await (const event of configMaps.watch({ signal: stop.signal, allowWatchBookmarks: true, fieldSelector: "metadata.name=watched" })) {
    if (event.type === "BOOKMARK") {
      resourceVersion = event.object.metadata.resourceVersion;
      continue;
    }
    console.log(`${event.type} ${event.object.metadata?.name} step=${event.object.data?.step ?? "-"}`);
    if (event.type === "DELETED") stop.abort();
  }
  console.log("the watch ended quietly after abort()");
} catch (error) {
  if (isAbortError(error)) throw new Error("a caller's own abort should end the loop quietly");
  throw error;
}
await writer;
void resourceVersion;
