// Type-level tests of hand-written descriptors.
import { defineResource, type ObjectOf, type SubresourceOf, type IsNamespaced } from "../../runtime/index.js";

interface Widget {
  apiVersion?: "example.com/v1";
  kind?: "Widget";
  metadata?: { name?: string };
  spec?: { size: number };
}

const Widget = defineResource<Widget>()({
  group: "example.com",
  version: "v1",
  kind: "Widget",
  plural: "widgets",
  namespaced: true,
  subresources: ["status", "scale"],
});

const object: ObjectOf<typeof Widget> = { spec: { size: 3 } };
const sub: SubresourceOf<typeof Widget> = "scale";
const namespaced: IsNamespaced<typeof Widget> = true;
// @ts-expect-error a Widget's size is a number
const wrongField: ObjectOf<typeof Widget> = { spec: { size: "3" } };
// @ts-expect-error Widget declares no exec subresource
const wrongSub: SubresourceOf<typeof Widget> = "exec";
// @ts-expect-error Widget is namespaced
const wrongScope: IsNamespaced<typeof Widget> = false;
void [object, sub, namespaced, wrongField, wrongSub, wrongScope];
