/**
 * Checks of the values that become URL path segments (names, namespaces,
 * subresources) and of a descriptor's identity. `encodeURIComponent` leaves `.`
 * alone and URL parsers resolve `.` and `..` (also `%2e%2e`), so a name like
 * `..` would address another collection: such values are refused before a path
 * is built, with the API server's own rules (apimachinery `IsValidPathSegmentName`).
 */
import { KubexArgumentError } from "../errors.js";

/** A UTF-16 surrogate without its pair: not encodable as UTF-8 (encodeURIComponent throws). */
export const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const controlCharacter = /[\u0000-\u001f\u007f]/;
const dns1123Label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dns1123Subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const kindName = /^[A-Za-z][A-Za-z0-9]*$/;

function show(value: string): string {
  return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value);
}

/** Why `value` cannot be a path segment, or undefined when it can. */
function segmentProblem(value: unknown): string | undefined {
  if (typeof value !== "string") return `must be a string, got ${value === null ? "null" : typeof value}`;
  if (value === "") return "must not be empty";
  if (value === "." || value === "..") return `may not be ${show(value)}`;
  if (value.includes("/")) return `may not contain "/" (got ${show(value)})`;
  if (value.includes("%")) return `may not contain "%" (got ${show(value)})`;
  if (loneSurrogate.test(value)) return "may not contain a lone UTF-16 surrogate";
  if (controlCharacter.test(value)) return "may not contain control characters";
  return undefined;
}

/** `value` when it is a valid path segment; else a `KubexArgumentError` naming `argument`. */
export function pathSegment(argument: string, value: unknown): string {
  const problem = segmentProblem(value);
  if (problem !== undefined) throw new KubexArgumentError(argument, `not a valid name: ${problem}`);
  return value as string;
}

function matching(argument: string, value: unknown, pattern: RegExp, rule: string, max: number): string {
  if (typeof value !== "string" || value.length > max || !pattern.test(value)) {
    throw new KubexArgumentError(argument, `must be ${rule} of at most ${max} characters, got ${typeof value === "string" ? show(value) : value === null ? "null" : typeof value}`);
  }
  return value;
}

/** An API group: empty for the core group, else a DNS-1123 subdomain. */
export function groupName(argument: string, value: unknown): string {
  return value === "" ? "" : matching(argument, value, dns1123Subdomain, "a DNS-1123 subdomain (lower case)", 253);
}

/** A resource's plural or an API version: a DNS-1123 label. */
export function labelName(argument: string, value: unknown): string {
  return matching(argument, value, dns1123Label, "a DNS-1123 label (lower case)", 63);
}

/** A kind: letters and digits, starting with a letter. */
export function kindOf(argument: string, value: unknown): string {
  return matching(argument, value, kindName, "a kind name (letters and digits, starting with a letter)", 63);
}
