/** Spec descriptions -> JSDoc: no HTML entities, no early comment close, deprecation as a tag, CEL rules listed. */
import type { JSDocStructure, OptionalKind } from "ts-morph";
import type { Schema, ValidationRule } from "./load.js";

const entities: Record<string, string> = { "&lt;": "<", "&gt;": ">", "&amp;": "&", "&quot;": '"', "&#39;": "'", "&apos;": "'" };

export function cleanDescription(text: string): string {
  return text
    .replace(/&(lt|gt|amp|quot|apos|#39);/g, (m) => entities[m] ?? m)
    .replace(/\*\//g, "*\\/")
    .replace(/\r\n/g, "\n")
    // One blank line between paragraphs (a server's enum paragraph can follow two).
    .replace(/\n{3,}/g, "\n\n")
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

/** A CRD's `x-kubernetes-validations` as a paragraph: each rule with its message and where it reports. */
function rulesText(rules: readonly ValidationRule[] | undefined): string | undefined {
  if (!rules || rules.length === 0) return undefined;
  const lines = rules.map((r) => {
    const message = r.message ?? r.messageExpression;
    const details = [r.reason && `reason ${r.reason}`, r.fieldPath && `field ${r.fieldPath}`].filter(Boolean).join(", ");
    return `- \`${r.rule}\`${message ? `: ${message}` : ""}${details ? ` (${details})` : ""}`;
  });
  return ["Validation rules (CEL):", ...lines].join("\n");
}

/** The JSDoc of a schema: its description, then its validation rules. */
export function schemaDoc(schema: Schema): OptionalKind<JSDocStructure>[] | undefined {
  const text = [schema.description?.trim(), rulesText(schema["x-kubernetes-validations"])].filter((t) => t !== undefined && t !== "").join("\n\n");
  return jsDoc(text);
}
