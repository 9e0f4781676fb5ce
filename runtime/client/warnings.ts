/**
 * The API server's `Warning` response headers (RFC 7234 warn-value grammar:
 * `299 - "text" ["date"]`), and kubex's own warnings about options a backend
 * cannot honour.
 */

/**
 * Receives each API warning text; replace it to log, collect or drop warnings.
 *
 * @example
 * ```ts
 * const warnings: string[] = [];
 * const collect: WarningHandler = (text, { method, path }) => warnings.push(`${method} ${path}: ${text}`);
 * const client = await createClient({ options: { warningHandler: collect } });
 * ```
 */
export type WarningHandler = (text: string, context: { readonly method: string; readonly path: string }) => void;

const emit = (message: string, type: string, code?: string): void => {
  const p = (globalThis as { process?: { emitWarning?: (m: string, o: { type: string; code?: string }) => void } }).process;
  if (typeof p?.emitWarning === "function") p.emitWarning(message, code ? { type, code } : { type });
  else console.warn(`${type}: ${message}`);
};

/** The default handler: a process warning of type `KubernetesApiWarning`. */
export const emitApiWarning: WarningHandler = (text) => emit(text, "KubernetesApiWarning");

/** A warning about the client's own configuration (an ignored option). */
export function emitKubexWarning(message: string, code: string): void {
  emit(message, "KubexWarning", code);
}

/**
 * Parses one or more `Warning` header values into their texts. Several
 * warn-values may share a header, separated by commas outside quoted strings;
 * quoted strings may hold `\"` and `\\` escapes. Malformed parts are skipped.
 */
export function parseWarningHeader(value: string): string[] {
  const texts: string[] = [];
  let i = 0;
  const n = value.length;
  const skipSpace = () => {
    while (i < n && (value[i] === " " || value[i] === "\t")) i++;
  };
  const quoted = (): string | undefined => {
    if (value[i] !== '"') return undefined;
    i++;
    let out = "";
    while (i < n && value[i] !== '"') {
      if (value[i] === "\\" && i + 1 < n) i++;
      out += value[i];
      i++;
    }
    if (i >= n) return undefined;
    i++;
    return out;
  };
  while (i < n) {
    skipSpace();
    const codeMatch = /^\d{3}/.exec(value.slice(i, i + 3));
    let text: string | undefined;
    if (codeMatch && (value[i + 3] === " " || value[i + 3] === "\t")) {
      i += 3;
      skipSpace();
      while (i < n && value[i] !== " " && value[i] !== "\t" && value[i] !== ",") i++; // warn-agent
      skipSpace();
      text = quoted();
      skipSpace();
      if (value[i] === '"') quoted(); // optional warn-date
    }
    if (text !== undefined) texts.push(text);
    // Move to the next comma outside quotes.
    while (i < n && value[i] !== ",") {
      if (value[i] === '"') {
        if (quoted() === undefined) break;
      } else i++;
    }
    i++;
  }
  return texts;
}
