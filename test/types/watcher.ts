// Type-level tests of watcher and Informer options, and of generated objects as the runtime's object types.
import { Api, createClient, Informer, watcher, type InformerOptions, type KubernetesObject, type ObjectMeta, type PartialObjectMetadata, type WatcherEvent, type WatcherOptions } from "../../runtime/index.js";
import { Pod } from "../../generated/k8s/v1_35/core/v1/index.js";

export async function options(): Promise<void> {
  await using client = await createClient();
  const pods = new Api(Pod, { client, namespace: "default" });

  // Options held in a variable of the documented type are accepted; whether objects are whole
  // or metadata only is then known at run time only, so the events carry either.
  const watching: WatcherOptions = { labelSelector: "app=web", metadataOnly: false };
  for await (const event of watcher(pods, watching)) {
    const either: WatcherEvent<Pod | PartialObjectMetadata> = event;
    void either;
  }
  const informing: InformerOptions<Pod> = { labelSelector: "app=web" };
  const informer = new Informer(pods, informing);
  const name: string | undefined = informer.store.list()[0]?.metadata?.name;
  void name;

  // Literal options keep the precise types.
  for await (const event of watcher(pods, { metadataOnly: true })) {
    const meta: WatcherEvent<PartialObjectMetadata> = event;
    void meta;
  }
  for await (const event of watcher(pods)) {
    if (event.type === "Apply") {
      const pod: Pod = event.object;
      void pod;
    }
  }
}

// A generated object is a runtime object: the server's `creationTimestamp: null` is in both types.
export function generatedObjectsAreRuntimeObjects(pod: Pod): void {
  const object: KubernetesObject = pod;
  const meta: ObjectMeta | undefined = pod.metadata;
  const unset: ObjectMeta = { name: "web-0", creationTimestamp: null };
  void [object, meta, unset];
}
