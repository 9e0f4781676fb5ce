/** Spec descriptions -> JSDoc: no HTML entities, no early comment close, deprecation as a tag. */
import type { JSDocStructure, OptionalKind } from "ts-morph";

const entities: Record<string, string> = { "&lt;": "<", "&gt;": ">", "&amp;": "&", "&quot;": '"', "&#39;": "'", "&apos;": "'" };

export function cleanDescription(text: string): string {
  return text
    .replace(/&(lt|gt|amp|quot|apos|#39);/g, (m) => entities[m] ?? m)
    .replace(/\*\//g, "*\\/")
    .replace(/\r\n/g, "\n")
    .trim();
}

/** A description counts as a deprecation when a sentence starts with "Deprecated" or "DEPRECATED". */
export function isDeprecated(text: string): boolean {
  return /(^|[.\n]\s*)(Deprecated|DEPRECATED)\b/.test(text);
}

export function jsDoc(description: string | undefined): OptionalKind<JSDocStructure>[] | undefined {
  if (!description || description.trim() === "") return undefined;
  const tags = isDeprecated(description) ? [{ tagName: "deprecated" }] : undefined;
  return [{ description: `${cleanDescription(description)}`, ...(tags ? { tags } : {}) }];
}
