/**
 * The text form of a Kubernetes quantity, scanned the way the API server scans it:
 *
 *   <quantity>        ::= <signedNumber><suffix>
 *   <number>          ::= <digits> | <digits>.<digits> | <digits>. | .<digits>
 *   <suffix>          ::= <binarySI> | <decimalExponent> | <decimalSI>
 *   <binarySI>        ::= Ki | Mi | Gi | Ti | Pi | Ei
 *   <decimalSI>       ::= n | u | m | "" | k | M | G | T | P | E
 *   <decimalExponent> ::= "e" <signedInteger> | "E" <signedInteger>
 */
import { KubexArgumentError } from "../errors.js";

/**
 * The suffix family a quantity is written in: `DecimalSI` (`m`, `k`, `M`), `BinarySI` (`Ki`, `Mi`) or `DecimalExponent` (`e3`).
 *
 * @example
 * ```ts
 * const format: QuantityFormat = Quantity.parse("1.5Gi").format; // "BinarySI"
 * const same = Quantity.fromScaled(1536, 6, format);
 * ```
 */
export type QuantityFormat = "DecimalSI" | "BinarySI" | "DecimalExponent";

/** What a quantity's text says, before any rounding: sign · digits · 10^scale · 2^binaryExponent. */
export interface ScannedQuantity {
  readonly negative: boolean;
  /** Integer and fraction digits with the decimal point removed. */
  readonly digits: bigint;
  readonly scale: number;
  readonly binaryExponent: number;
  readonly format: QuantityFormat;
}

const decimalSuffixes: Record<string, number> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const binarySuffixes: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const suffixLetters = new Set("eEinumkKMGTP");
/** Decimal exponents beyond this would make values of thousands of digits: refused rather than grown. */
export const MAX_DECIMAL_EXPONENT = 1000;

const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";

function invalid(text: string, why: string): KubexArgumentError {
  const shown = text.length > 64 ? `${text.slice(0, 64)}…` : text;
  return new KubexArgumentError("quantity", `${JSON.stringify(shown)} is not a quantity: ${why}`);
}

export function scanQuantity(text: string): ScannedQuantity {
  if (typeof text !== "string") throw new KubexArgumentError("quantity", `expected a string, got ${text === null ? "null" : typeof text}`);
  if (text.length === 0) throw invalid(text, "it is empty");
  let pos = 0;
  let negative = false;
  if (text[0] === "-" || text[0] === "+") {
    negative = text[0] === "-";
    pos = 1;
  }
  const intStart = pos;
  while (isDigit(text[pos])) pos++;
  const integer = text.slice(intStart, pos);
  let fraction = "";
  if (text[pos] === ".") {
    const fracStart = ++pos;
    while (isDigit(text[pos])) pos++;
    fraction = text.slice(fracStart, pos);
  }
  // As on the server, a missing number reads as 0 ("Ki", ".", "-" are all zero).
  const suffixStart = pos;
  while (pos < text.length && suffixLetters.has(text[pos]!)) pos++;
  if (text[pos] === "-" || text[pos] === "+") pos++;
  while (isDigit(text[pos])) pos++;
  if (pos !== text.length) throw invalid(text, "unexpected characters after the number");
  const suffix = text.slice(suffixStart);

  let scale = -fraction.length;
  let binaryExponent = 0;
  let format: QuantityFormat;
  if (suffix in decimalSuffixes) {
    scale += decimalSuffixes[suffix]!;
    format = "DecimalSI";
  } else if (suffix in binarySuffixes) {
    binaryExponent = binarySuffixes[suffix]!;
    format = "BinarySI";
  } else if (suffix.length > 1 && (suffix[0] === "e" || suffix[0] === "E") && /^[+-]?\d+$/.test(suffix.slice(1))) {
    const exponent = Number(suffix.slice(1));
    if (!(Math.abs(exponent) <= MAX_DECIMAL_EXPONENT)) throw invalid(text, `the exponent is outside ±${MAX_DECIMAL_EXPONENT}`);
    scale += exponent;
    format = "DecimalExponent";
  } else {
    throw invalid(text, `unknown suffix ${JSON.stringify(suffix)}`);
  }
  const digits = BigInt(`${integer}${fraction}` || "0");
  return { negative, digits, scale, binaryExponent, format };
}
