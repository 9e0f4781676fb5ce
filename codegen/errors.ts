/** An input spec the generator cannot use. Names the file and, where known, the JSON pointer. */
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
