/**
 * YAML as kubectl reads a kubeconfig. kubectl turns YAML into JSON with a YAML 1.1
 * reader (go-yaml v2) and then decodes the JSON into typed Go fields, so an
 * unquoted `no`, `off` or `n` is the boolean false, an unquoted `123` is a number
 * that no string field accepts, and any quoted scalar is a string. This module
 * does the first half (YAML to plain values, resolving plain scalars by the same
 * rules); kubeconfig-decode.ts does the typed half.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, Scalar, type Document, type Node } from "yaml";

/** A plain scalar that resolves to a number; kubeconfig has no numeric field, so the value itself is never needed. */
export class YamlNumber {
  constructor(readonly text: string) {}
}

export type YamlValue = null | boolean | string | YamlNumber | YamlValue[] | { [key: string]: YamlValue };

export class YamlSyntaxError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
  }
}

const trueWords = new Set(["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"]);
const falseWords = new Set(["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"]);
const nullWords = new Set(["", "~", "null", "Null", "NULL"]);
const specialFloats = new Set([".nan", ".NaN", ".NAN", ...["", "+", "-"].flatMap((s) => [`${s}.inf`, `${s}.Inf`, `${s}.INF`])]);
const goInteger = /^[+-]?(?:0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;
const yamlStyleFloat = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const dotFloat = /^\.[0-9]+(?:[eE][-+]?[0-9]+)?$/;

/** The value of an integer literal accepted by {@link goInteger}, read as Go's ParseInt reads it (a leading 0 is octal). */
function goIntegerValue(plain: string): bigint {
  const negative = plain.startsWith("-");
  const unsigned = plain.replace(/^[+-]/, "");
  const digits = /^0[0-7]/.test(unsigned) ? `0o${unsigned.slice(1)}` : unsigned.replace(/^0([XOB])/, (_, p: string) => `0${p.toLowerCase()}`);
  return negative ? -BigInt(digits) : BigInt(digits);
}

/** Whether an integer literal fits int64 (or, unsigned, uint64), as Go's ParseInt/ParseUint require. */
function fitsGoInteger(text: string): boolean {
  const value = goIntegerValue(text);
  if (value < 0n || text.startsWith("-")) return value >= -(2n ** 63n);
  return value < 2n ** 64n && (value < 2n ** 63n || !text.startsWith("+"));
}

/** What go-yaml v2 makes of an unquoted scalar: null, a boolean, a number or the text itself. */
export function resolvePlainScalar(text: string): YamlValue {
  if (trueWords.has(text)) return true;
  if (falseWords.has(text)) return false;
  if (nullWords.has(text)) return null;
  if (specialFloats.has(text)) return new YamlNumber(text);
  const first = text[0]!;
  if (first === ".") return dotFloat.test(text) ? new YamlNumber(text) : text;
  if (!/[0-9+-]/.test(first)) return text;
  const plain = text.replaceAll("_", "");
  if (goInteger.test(plain) && fitsGoInteger(plain)) return new YamlNumber(text);
  if (yamlStyleFloat.test(plain)) return new YamlNumber(text);
  return text;
}

const strTag = "tag:yaml.org,2002:str";
const collectionTags = new Set(["tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"]);

/**
 * Map keys become strings as kubectl's YAML-to-JSON step makes them: booleans
 * and integers in decimal. What it refuses (a null key, an integer beyond int64)
 * is refused; a floating-point key, which it prints in float32 precision, is refused too.
 */
function keyString(key: YamlValue, node: Node | null, source: Source): string {
  if (typeof key === "string") return key;
  if (typeof key === "boolean") return String(key);
  if (key instanceof YamlNumber) {
    const plain = key.text.replaceAll("_", "");
    if (goInteger.test(plain)) {
      const value = goIntegerValue(plain);
      if (value >= -(2n ** 63n) && value < 2n ** 63n) return value.toString();
    }
    throw new YamlSyntaxError("a mapping key is a number kubectl cannot use as a key (quote it)", ...linePos(node, source));
  }
  if (key === null) throw new YamlSyntaxError("a mapping key is null", ...linePos(node, source));
  throw new YamlSyntaxError("a mapping key is a list or a mapping", ...linePos(node, source));
}

function convert(node: Node | null, source: Source): YamlValue {
  const { doc, seen } = source;
  if (node === null) return null;
  if (isAlias(node)) {
    const target = node.resolve(doc);
    if (!target) throw new YamlSyntaxError("an alias names no anchor");
    return convert(target, source);
  }
  const done = seen.get(node);
  if (done !== undefined) return done;
  if (source.open.has(node)) throw new YamlSyntaxError("an alias refers to the mapping or list that contains it", ...linePos(node, source));
  if (source.open.size >= maxDepth) throw new YamlSyntaxError(`nested more than ${maxDepth} levels deep`, ...linePos(node, source));
  source.open.add(node);
  try {
    return convertNode(node, source);
  } finally {
    source.open.delete(node);
  }
}

function convertNode(node: Node, source: Source): YamlValue {
  const { seen } = source;
  let value: YamlValue;
  if (isScalar(node)) {
    const text = String(node.value ?? "");
    if (node.tag !== undefined && node.tag !== strTag) throw new YamlSyntaxError("explicit YAML tags other than !!str are not supported", ...linePos(node, source));
    value = node.tag === strTag || node.type !== Scalar.PLAIN ? text : resolvePlainScalar(text);
  } else if (isSeq(node)) {
    if (node.tag !== undefined && !collectionTags.has(node.tag)) throw new YamlSyntaxError("explicit YAML tags are not supported", ...linePos(node, source));
    value = node.items.map((item) => convert(item as Node | null, source));
  } else if (isMap(node)) {
    if (node.tag !== undefined && !collectionTags.has(node.tag)) throw new YamlSyntaxError("explicit YAML tags are not supported", ...linePos(node, source));
    const out: Record<string, YamlValue> = Object.create(null) as Record<string, YamlValue>;
    const merged: Record<string, YamlValue>[] = [];
    for (const pair of node.items) {
      const keyNode = pair.key as Node | null;
      const val = convert(pair.value as Node | null, source);
      if (isScalar(keyNode) && keyNode.type === Scalar.PLAIN && keyNode.value === "<<" && keyNode.tag === undefined) {
        // A merge key: its mapping (or list of mappings) fills in keys this mapping does not set.
        for (const from of Array.isArray(val) ? val : [val]) {
          if (from === null || typeof from !== "object" || Array.isArray(from) || from instanceof YamlNumber) throw new YamlSyntaxError("a merge key (<<) must name a mapping", ...linePos(keyNode, source));
          merged.push(from);
        }
        continue;
      }
      const key = keyString(convert(keyNode, source), keyNode, source);
      if (Object.hasOwn(out, key)) throw new YamlSyntaxError("a mapping key appears twice", ...linePos(keyNode, source));
      out[key] = val;
    }
    for (const from of merged) for (const [k, v] of Object.entries(from)) if (!Object.hasOwn(out, k)) out[k] = v;
    value = { ...out };
  } else {
    throw new YamlSyntaxError("unexpected YAML node");
  }
  seen.set(node, value);
  return value;
}

interface Source {
  readonly doc: Document;
  readonly lines: LineCounter;
  /** Each node's value, so an alias used many times is converted once. */
  readonly seen: Map<Node, YamlValue>;
  /** The nodes being converted: the path from the root to here. */
  readonly open: Set<Node>;
}

const maxDepth = 200;

function linePos(node: Node | null, source: Source): [number?, number?] {
  const offset = node?.range?.[0];
  if (offset === undefined) return [];
  const { line, col } = source.lines.linePos(offset);
  return [line, col];
}

/**
 * Parses kubeconfig text. Errors carry a position but never the source text,
 * which may hold a credential.
 */
export function parseKubeconfigYaml(text: string): YamlValue {
  const lines = new LineCounter();
  const doc = parseDocument(text, { schema: "failsafe", merge: false, uniqueKeys: false, lineCounter: lines });
  const first = doc.errors[0];
  if (first) {
    const pos = first.linePos?.[0];
    throw new YamlSyntaxError("not valid YAML", pos?.line, pos?.col);
  }
  return convert(doc.contents as Node | null, { doc, lines, seen: new Map(), open: new Set() });
}

/** The number go-yaml v2 reads from a plain scalar (a leading 0 is octal, `_` separates digits). */
function goNumber(text: string): number {
  const plain = text.replaceAll("_", "");
  if (specialFloats.has(plain)) return plain.toLowerCase().includes("nan") ? Number.NaN : plain.startsWith("-") ? -Infinity : Infinity;
  const sign = plain.startsWith("-") ? -1 : 1;
  const unsigned = plain.replace(/^[+-]/, "");
  if (/^0[0-7]+$/.test(unsigned)) return sign * Number.parseInt(unsigned, 8);
  return sign * Number(unsigned);
}

/** Most values a passed-on document may expand to; aliases can make a few lines expand exponentially. */
export const maxJsonValues = 100_000;

/** A decoded value as plain JSON data, for content kubex passes on unread (an exec plugin's cluster config); undefined when it expands beyond {@link maxJsonValues}. */
export function toJson(value: YamlValue): unknown {
  let budget = maxJsonValues;
  const walk = (v: YamlValue): unknown => {
    if (--budget < 0) throw new RangeError("too large");
    if (v instanceof YamlNumber) return goNumber(v.text);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  try {
    return walk(value);
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}
