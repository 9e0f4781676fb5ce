/**
 * Kubernetes manifests in and out of YAML, read as kubectl reads them: YAML 1.1
 * scalars (so `defaultMode: 0644` is octal and an unquoted `no` is false), several
 * documents per text, `List` objects flattened, empty and comment-only documents skipped.
 * What is sent is JSON: dates and timestamps stay the text as written (kubectl keeps them so),
 * and YAML 1.1's other values (sets, ordered maps, binary data, infinities, collections as
 * keys) are refused naming where they are.
 */
import { Document, isCollection, isScalar, parseAllDocuments, Scalar, visit, type Tags } from "yaml";
import { KubexArgumentError } from "../errors.js";

/**
 * What every manifest object has: the rest is kind-specific.
 *
 * @example
 * ```ts
 * const objects: ManifestObject[] = parseManifests(manifestYaml);
 * const deployments = objects.filter((o) => o.apiVersion === "apps/v1" && o.kind === "Deployment");
 * ```
 */
export interface ManifestObject {
  apiVersion: string;
  kind: string;
  metadata?: { name?: string; namespace?: string; generateName?: string; [key: string]: unknown };
  [key: string]: unknown;
}

/**
 * A bad manifest: which document (0-based, as written) and line (1-based) it starts at.
 *
 * @example
 * ```ts
 * try {
 *   parseManifests("apiVersion: v1\nkind: ConfigMap\nmetadata: [oops\n");
 * } catch (error) {
 *   if (error instanceof KubexManifestError) console.error(`document ${error.documentIndex}, line ${error.line}: ${error.message}`);
 * }
 * ```
 */
export class KubexManifestError extends KubexArgumentError {
  readonly documentIndex: number;
  readonly line: number | undefined;
  constructor(documentIndex: number, line: number | undefined, problem: string) {
    super("manifests", `document ${documentIndex}${line === undefined ? "" : ` (line ${line})`}: ${problem}`);
    this.documentIndex = documentIndex;
    this.line = line;
  }
}

const yamlOptions = { version: "1.1", merge: true, uniqueKeys: true } as const;
// A timestamp read as a Date would be sent re-formatted (2024-01-01 as 2024-01-01T00:00:00.000Z).
const withoutTimestamps = (tags: Tags): Tags => tags.filter((tag) => typeof tag === "string" || tag.tag !== "tag:yaml.org,2002:timestamp");
// The library's warnings would go to the process's stderr; what matters is refused instead.
const readOptions = { ...yamlOptions, customTags: withoutTimestamps, logLevel: "error" } as const;
/**
 * Larger texts are refused before parsing: far beyond what the API server accepts.
 *
 * @example
 * ```ts
 * if (manifestYaml.length > MAX_MANIFEST_TEXT) throw new Error("split the manifests into several files");
 * ```
 */
export const MAX_MANIFEST_TEXT = 64 * 1024 * 1024;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function lineOf(text: string, offset: number | undefined): number | undefined {
  if (offset === undefined) return undefined;
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Returns the object with its apiVersion and kind checked, or throws naming what is missing. */
function checkObject(value: unknown, index: number, line: number | undefined, where = ""): ManifestObject {
  if (!isObject(value)) throw new KubexManifestError(index, line, `${where}expected an object, got ${Array.isArray(value) ? "a list" : typeof value === "object" ? "null" : typeof value}`);
  for (const field of ["apiVersion", "kind"] as const) {
    if (typeof value[field] !== "string" || value[field] === "") throw new KubexManifestError(index, line, `${where}${field} must be a non-empty string`);
  }
  if (value.metadata !== undefined && !isObject(value.metadata)) throw new KubexManifestError(index, line, `${where}metadata must be an object`);
  return value as ManifestObject;
}

/** A list object kubectl flattens: kind `List`, or any `*List` kind with an `items` array. */
function isListObject(object: ManifestObject): object is ManifestObject & { items: unknown[] } {
  return (object.kind === "List" || object.kind.endsWith("List")) && Array.isArray(object.items);
}

/**
 * Parses one or more YAML (or JSON) documents into manifest objects, in order.
 * Throws `KubexManifestError` naming the document and line of the first problem.
 *
 * @example
 * ```ts
 * const objects = parseManifests(`
 * apiVersion: v1
 * kind: ConfigMap
 * metadata: { name: settings }
 * data: { mode: fast }
 * ---
 * apiVersion: v1
 * kind: Namespace
 * metadata: { name: staging }
 * `);
 * console.log(objects.map((o) => `${o.kind}/${o.metadata?.name}`)); // ["ConfigMap/settings", "Namespace/staging"]
 * ```
 */
export function parseManifests(text: string): ManifestObject[] {
  if (typeof text !== "string") throw new KubexArgumentError("manifests", `expected YAML text, got ${text === null ? "null" : typeof text}`);
  if (text.length > MAX_MANIFEST_TEXT) throw new KubexArgumentError("manifests", `the text is ${text.length} characters, more than ${MAX_MANIFEST_TEXT}`);
  const documents = parseAllDocuments(text, readOptions);
  // A text of directives only has no document: the directives' errors are the stream's.
  const streamProblem = "empty" in documents ? documents.errors[0] : undefined;
  if (streamProblem) throw new KubexManifestError(0, lineOf(text, streamProblem.pos[0]), streamProblem.message.split("\n")[0]!);
  const objects: ManifestObject[] = [];
  documents.forEach((document, index) => {
    const line = lineOf(text, document.contents?.range?.[0] ?? document.range?.[0]);
    const problem = document.errors[0];
    if (problem) throw new KubexManifestError(index, lineOf(text, problem.pos[0]), problem.message.split("\n")[0]!);
    refuseCollectionKeys(document, (offset) => new KubexManifestError(index, lineOf(text, offset), "a list or a map as a key is not JSON"));
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: 100 });
    } catch (error) {
      // Alias bombs, merges of non-maps: the document parses but has no value.
      throw new KubexManifestError(index, line, error instanceof Error ? error.message.split("\n")[0]! : "not a value");
    }
    if (value === null || value === undefined) return; // empty or comment-only
    const notJson = notJsonAt(value, "");
    if (notJson) throw new KubexManifestError(index, line, `${notJson.path}: ${notJson.what} is not a JSON value`);
    objects.push(...checkManifest(value, index, line));
  });
  return objects;
}

/** Throws what `refusal` makes for the first key that is a list or a map (JavaScript would make it "[object Object]"-like text). */
function refuseCollectionKeys(document: Document.Parsed, refusal: (offset: number | undefined) => Error): void {
  visit(document, {
    Pair(_, pair) {
      if (isCollection(pair.key)) throw refusal(pair.key.range?.[0]);
    },
  });
}

/** A member's path as written in messages: `spec.ports[0].name`, `data["a.b"]`. */
function memberPath(path: string, key: string): string {
  return /^[A-Za-z_$][\w$-]*$/.test(key) ? (path ? `${path}.${key}` : key) : `${path}[${JSON.stringify(key)}]`;
}

/** The first value that JSON would not carry as it is, with where it is; `undefined` when it is all JSON. */
function notJsonAt(value: unknown, path: string): { path: string; what: string } | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? undefined : { path, what: String(value) };
  if (typeof value !== "object" || value === null) return undefined;
  if (value instanceof Set) return { path, what: "a set (!!set)" };
  if (value instanceof Map) return { path, what: "an ordered map (!!omap)" };
  if (value instanceof Uint8Array) return { path, what: "binary data (!!binary)" };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = notJsonAt(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  for (const [key, member] of Object.entries(value)) {
    const found = notJsonAt(member, memberPath(path, key));
    if (found) return found;
  }
  return undefined;
}

/** One manifest value as objects: checked, and flattened when it is a list. */
function checkManifest(value: unknown, index: number, line?: number): ManifestObject[] {
  const object = checkObject(value, index, line);
  if (!isListObject(object)) return [object];
  return object.items.map((item, i) => checkObject(item, index, line, `items[${i}]: `));
}

/** Objects given directly (not as text) get the same checks and flattening as parsed ones. */
export function checkManifests(values: readonly unknown[]): ManifestObject[] {
  return values.flatMap((value, index) => checkManifest(value, index));
}

/**
 * Writes objects as YAML that kubectl reads back to the same values (strings such as
 * "no" or "0644" are quoted); several objects become several documents.
 *
 * @example
 * ```ts
 * // kubectl get configmap settings -o yaml
 * console.log(dumpYaml(await configMaps.get("settings")));
 * ```
 */
export function dumpYaml(objects: unknown | readonly unknown[]): string {
  const list = Array.isArray(objects) ? objects : [objects];
  return list.map((object) => {
    const document = new Document(object, { ...yamlOptions, aliasDuplicateObjects: false });
    // A key "<<" written plainly would be read back as a merge key, by kubectl too.
    visit(document, {
      Pair(_, pair) {
        if (pair.key === "<<" || (isScalar(pair.key) && pair.key.value === "<<")) {
          const key = new Scalar("<<");
          key.type = "QUOTE_DOUBLE";
          key.tag = "tag:yaml.org,2002:str"; // the library writes an untagged "<<" plainly
          pair.key = key;
        }
      },
    });
    return document.toString({ lineWidth: 0 });
  }).join("---\n");
}
