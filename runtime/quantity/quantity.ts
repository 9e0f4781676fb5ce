/**
 * Exact quantity arithmetic: CPU, memory and storage amounts as the API server
 * reads, compares and prints them. Values are kept as an integer count of
 * nano-units, which is the finest precision the server keeps, so nothing is a float.
 */
import { KubexArgumentError } from "../errors.js";
import { scanQuantity, type QuantityFormat } from "./grammar.js";

const NANO = 1_000_000_000n;
/** The server caps binary-suffixed quantities at the largest int64. */
const MAX_BINARY = (1n << 63n) - 1n;
const decimalSuffixByExponent = new Map<number, string>([[-9, "n"], [-6, "u"], [-3, "m"], [0, ""], [3, "k"], [6, "M"], [9, "G"], [12, "T"], [15, "P"], [18, "E"]]);
const binarySuffixes = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];

const abs = (n: bigint) => (n < 0n ? -n : n);
const pow10 = (n: number) => 10n ** BigInt(n);

/** Divides rounding away from zero, as the server rounds amounts finer than it keeps. */
function divideAwayFromZero(numerator: bigint, denominator: bigint): bigint {
  const quotient = numerator / denominator;
  return quotient * denominator === numerator ? quotient : quotient + (numerator < 0n ? -1n : 1n);
}

/**
 * An exact Kubernetes quantity (CPU, memory, storage): parsed, compared, added and printed as the API server does.
 *
 * @example
 * ```ts
 * const requested = (d.spec?.template.spec?.containers ?? [])
 *   .map((c) => Quantity.parse(c.resources?.requests?.memory ?? "0"))
 *   .reduce((sum, q) => sum.add(q), Quantity.parse("0"));
 * console.log(requested.toString(), requested.cmp("2Gi") > 0 ? "more than 2Gi" : "within 2Gi");
 * ```
 */
export class Quantity {
  /** The value in nano-units (value × 10^9). */
  readonly #nanos: bigint;
  /** How `toString()` writes the value: the suffix family it was parsed with. */
  readonly format: QuantityFormat;

  private constructor(nanos: bigint, format: QuantityFormat) {
    this.#nanos = nanos;
    this.format = format;
  }

  /** Parses a quantity as the API server does: "100m", "1.5Gi", "2e3", "-1k". Throws `KubexArgumentError` on bad input. */
  static parse(text: string | number): Quantity {
    if (typeof text === "number") {
      if (!Number.isFinite(text)) throw new KubexArgumentError("quantity", `${text} is not a finite number`);
      return Quantity.parse(String(text));
    }
    const scanned = scanQuantity(text);
    let exact = scanned.digits * (1n << BigInt(scanned.binaryExponent));
    let denominator = 1n;
    const nanoScale = scanned.scale + 9;
    if (nanoScale >= 0) exact *= pow10(nanoScale);
    else denominator = pow10(-nanoScale);
    let magnitude = divideAwayFromZero(exact, denominator);
    let format = scanned.format;
    if (format === "BinarySI") {
      if (magnitude > MAX_BINARY * NANO) magnitude = MAX_BINARY * NANO;
      if (magnitude > 0n && magnitude < NANO) format = "DecimalSI";
    }
    return new Quantity(scanned.negative ? -magnitude : magnitude, format);
  }

  /** A quantity of `value × 10^scale` (scale ≥ -9), e.g. `fromScaled(250, -3)` is 250m. */
  static fromScaled(value: number | bigint, scale = 0, format: QuantityFormat = "DecimalSI"): Quantity {
    if (typeof value === "number" && !Number.isSafeInteger(value)) throw new KubexArgumentError("value", "must be a safe integer");
    if (!Number.isInteger(scale) || scale < -9 || scale > 1000) throw new KubexArgumentError("scale", "must be an integer from -9 to 1000");
    return new Quantity(BigInt(value) * pow10(scale + 9), format);
  }

  add(other: Quantity | string): Quantity {
    const y = Quantity.from(other);
    return new Quantity(this.#nanos + y.#nanos, this.#nanos === 0n ? y.format : this.format);
  }

  sub(other: Quantity | string): Quantity {
    const y = Quantity.from(other);
    return new Quantity(this.#nanos - y.#nanos, this.#nanos === 0n ? y.format : this.format);
  }

  /** Multiplies by an integer. */
  mul(factor: number | bigint): Quantity {
    if (typeof factor === "number" && !Number.isSafeInteger(factor)) throw new KubexArgumentError("factor", "must be a safe integer");
    return new Quantity(this.#nanos * BigInt(factor), this.format);
  }

  neg(): Quantity {
    return new Quantity(-this.#nanos, this.format);
  }

  /** -1, 0 or 1 as this quantity is less than, equal to or greater than `other`. */
  cmp(other: Quantity | string): -1 | 0 | 1 {
    const y = Quantity.from(other).#nanos;
    return this.#nanos < y ? -1 : this.#nanos > y ? 1 : 0;
  }

  equals(other: Quantity | string): boolean {
    return this.cmp(other) === 0;
  }

  isZero(): boolean {
    return this.#nanos === 0n;
  }

  sign(): -1 | 0 | 1 {
    return this.#nanos < 0n ? -1 : this.#nanos > 0n ? 1 : 0;
  }

  /** The value rounded away from zero to a whole number (the server's `Value()`). */
  value(): bigint {
    return divideAwayFromZero(this.#nanos, NANO);
  }

  /** The value in thousandths, rounded away from zero (the server's `MilliValue()`): 0.1 CPU is 100. */
  milliValue(): bigint {
    return divideAwayFromZero(this.#nanos, 1_000_000n);
  }

  /** The value in units of `10^scale`, rounded away from zero. */
  scaledValue(scale: number): bigint {
    if (!Number.isInteger(scale) || scale < -9) throw new KubexArgumentError("scale", "must be an integer ≥ -9");
    return divideAwayFromZero(this.#nanos, pow10(scale + 9));
  }

  /** An approximate floating-point value, for display and ratios. */
  toNumber(): number {
    const whole = this.#nanos / NANO;
    return Number(whole) + Number(this.#nanos - whole * NANO) / 1e9;
  }

  /** The canonical text the API server would store for this value ("1536Mi", "1500m", "12e6"). */
  toString(): string {
    if (this.#nanos === 0n) return "0";
    if (this.format === "BinarySI") {
      const binary = this.#binaryText();
      if (binary !== undefined) return binary;
    }
    return this.#decimalText(this.format === "DecimalExponent");
  }

  /** Serialises as the canonical string, so a Quantity can be put straight into a resource. */
  toJSON(): string {
    return this.toString();
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `Quantity(${this.toString()})`;
  }

  static from(value: Quantity | string): Quantity {
    return value instanceof Quantity ? value : Quantity.parse(value);
  }

  /** Binary form when the value is a whole number of at least 1024 in magnitude; otherwise undefined. */
  #binaryText(): string | undefined {
    if (abs(this.#nanos) < 1024n * NANO || this.#nanos % NANO !== 0n) return undefined;
    let mantissa = this.#nanos / NANO;
    let exponent = 0;
    while (exponent < binarySuffixes.length - 1 && mantissa % 1024n === 0n) {
      mantissa /= 1024n;
      exponent++;
    }
    return `${mantissa}${binarySuffixes[exponent]}`;
  }

  /** The largest exponent that is a multiple of 3 and keeps the mantissa whole. */
  #decimalText(exponentForm: boolean): string {
    let mantissa = this.#nanos;
    let exponent = -9;
    while (mantissa % 10n === 0n) {
      mantissa /= 10n;
      exponent++;
    }
    const down = ((exponent % 3) + 3) % 3;
    mantissa *= pow10(down);
    exponent -= down;
    if (!exponentForm) {
      const suffix = decimalSuffixByExponent.get(exponent);
      if (suffix !== undefined) return `${mantissa}${suffix}`;
    }
    return exponent === 0 ? `${mantissa}` : `${mantissa}e${exponent}`;
  }
}

/**
 * Compares two quantity strings exactly: `compareQuantities("1Gi", "1000M") === 1`.
 *
 * @example
 * ```ts
 * const limit = "512Mi";
 * if (compareQuantities("600M", limit) > 0) console.log("over the limit"); // 600M > 512Mi (536.9M)
 * ```
 */
export function compareQuantities(a: Quantity | string, b: Quantity | string): -1 | 0 | 1 {
  return Quantity.from(a).cmp(b);
}
