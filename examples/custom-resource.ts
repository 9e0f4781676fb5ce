/** A custom resource without code generation: a hand-written descriptor and the same Api. */
import { Api, createClient, defineResource } from "../runtime/index.js";
import { CustomResourceDefinition } from "../generated/k8s/v1_35/apiextensions/v1/index.js";

interface Widget {
  apiVersion?: "example.kubex.dev/v1";
  kind?: "Widget";
  metadata?: { name?: string; namespace?: string };
  spec?: { size: number };
}

const Widget = defineResource<Widget>()({ group: "example.kubex.dev", version: "v1", kind: "Widget", plural: "widgets", namespaced: true });

await using client = await createClient();
const crds = new Api(CustomResourceDefinition, { client });
await crds.apply(
  {
    metadata: { name: "widgets.example.kubex.dev" },
    spec: {
      group: "example.kubex.dev",
      scope: "Namespaced",
      names: { plural: "widgets", singular: "widget", kind: "Widget" },
      versions: [{ name: "v1", served: true, storage: true, schema: { openAPIV3Schema: { type: "object", properties: { spec: { type: "object", properties: { size: { type: "integer" } } } } } } }],
    },
  },
  { fieldManager: "kubex-example" },
);
for (let i = 0; i < 50; i++) {
  const crd = await crds.get("widgets.example.kubex.dev");
  if (crd.status?.conditions?.some((c) => c.type === "Established" && c.status === "True")) break;
  await new Promise((r) => setTimeout(r, 200));
}
const widgets = new Api(Widget, { client, namespace: "default" });
await widgets.apply({ metadata: { name: "small" }, spec: { size: 1 } }, { fieldManager: "kubex-example" });
for await (const widget of widgets.listAll()) console.log(`widget ${widget.metadata?.name} size=${widget.spec?.size}`);
await widgets.delete("small");
await crds.delete("widgets.example.kubex.dev");
