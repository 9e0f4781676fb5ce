/** Credentials end up in HTTP headers: a control character other than tab would end or split the header line. */
const controlCharacter = /[\u0000-\u0008\u000a-\u001f\u007f]/;

export function hasControlCharacter(text: string): boolean {
  return controlCharacter.test(text);
}
