/**
 * An input spec the generator cannot use. Names the file and, where known, the JSON pointer.
 *
 * @example
 * ```ts
 * import { generate, SpecError } from "kubex/codegen";
 *
 * try {
 *   await generate({ input: "specs/broken.json", out: "src/k8s", label: "v1_35" });
 * } catch (error) {
 *   if (!(error instanceof SpecError)) throw error;
 *   console.error(`${error.file}${error.pointer ? `#${error.pointer}` : ""}: cannot be generated from`);
 * }
 * ```
 */
export class SpecError extends Error {
  readonly file: string;
  readonly pointer: string | undefined;

  constructor(file: string, message: string, pointer?: string) {
    super(`${file}${pointer === undefined ? "" : `#${pointer}`}: ${message}`);
    this.name = "SpecError";
    this.file = file;
    this.pointer = pointer;
  }
}

/** Escapes one JSON pointer token (RFC 6901). */
export function pointerToken(token: string): string {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}
