// The refusals of the quantity parser and arithmetic (argument, exact message, bounds), the
// edges of the canonical text, and properties that hold for every value.
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { describe, it } from "node:test";
import fc from "fast-check";
import { KubexArgumentError } from "../../../runtime/errors.js";
import { MAX_DECIMAL_EXPONENT, scanQuantity } from "../../../runtime/quantity/grammar.js";
import { Quantity } from "../../../runtime/quantity/index.js";

const refused = (argument: string, reason: string) => (e: unknown) =>
  e instanceof KubexArgumentError && e.argument === argument && e.message === `${argument}: ${reason}`;

describe("what the parser refuses, and how it says so", () => {
  it("a value that is not text names its type", () => {
    assert.throws(() => Quantity.parse(null as never), refused("quantity", "expected a string, got null"));
    assert.throws(() => scanQuantity(undefined as never), refused("quantity", "expected a string, got undefined"));
  });
  it("empty text", () => assert.throws(() => Quantity.parse(""), refused("quantity", '"" is not a quantity: it is empty')));
  it("characters after the number", () => {
    assert.throws(() => Quantity.parse("1 Gi"), refused("quantity", '"1 Gi" is not a quantity: unexpected characters after the number'));
    assert.throws(() => Quantity.parse("1Ki5x"), refused("quantity", '"1Ki5x" is not a quantity: unexpected characters after the number'));
    assert.throws(() => Quantity.parse("1.5.5"), /unexpected characters after the number$/);
  });
  it("an unknown suffix is quoted", () => {
    assert.throws(() => Quantity.parse("1K"), refused("quantity", '"1K" is not a quantity: unknown suffix "K"'));
    assert.throws(() => Quantity.parse("1e"), refused("quantity", '"1e" is not a quantity: unknown suffix "e"'));
    assert.throws(() => Quantity.parse("1e-"), refused("quantity", '"1e-" is not a quantity: unknown suffix "e-"'));
    assert.throws(() => Quantity.parse("1Mi3"), refused("quantity", '"1Mi3" is not a quantity: unknown suffix "Mi3"'));
    assert.throws(() => Quantity.parse("1ee3"), /unknown suffix "ee3"/);
  });
  it(`a decimal exponent beyond ±${MAX_DECIMAL_EXPONENT} is refused; ±${MAX_DECIMAL_EXPONENT} itself is not`, () => {
    assert.equal(MAX_DECIMAL_EXPONENT, 1000);
    assert.throws(() => Quantity.parse("1e1001"), refused("quantity", '"1e1001" is not a quantity: the exponent is outside ±1000'));
    assert.throws(() => Quantity.parse("1e-1001"), /the exponent is outside ±1000$/);
    assert.throws(() => Quantity.parse(`1e${"9".repeat(400)}`), /the exponent is outside ±1000$/);
    assert.equal(Quantity.parse("1e1000").toString(), "10e999");
    assert.equal(Quantity.parse("1e-1000").toString(), "1e-9", "finer than nano rounds away from zero");
    assert.equal(Quantity.parse("1E+3").toString(), "1e3");
  });
  it("shows at most 64 characters of the text", () => {
    const long = `1${"x".repeat(100)}`;
    assert.throws(() => Quantity.parse(long), refused("quantity", `${JSON.stringify(`${long.slice(0, 64)}…`)} is not a quantity: unexpected characters after the number`));
    const edge = `1${"x".repeat(63)}`;
    assert.throws(() => Quantity.parse(edge), refused("quantity", `${JSON.stringify(edge)} is not a quantity: unexpected characters after the number`));
  });
  it("a number must be finite; a finite one reads as its text", () => {
    for (const n of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) assert.throws(() => Quantity.parse(n), refused("quantity", `${n} is not a finite number`));
    assert.equal(Quantity.parse(1.5).toString(), "1500m");
    assert.equal(Quantity.parse(-2).toString(), "-2");
  });
});

describe("what the scanner reads", () => {
  // A scale of -0 (no fraction digits) is the scale 0.
  const scan = (text: string) => {
    const scanned = scanQuantity(text);
    return { ...scanned, scale: scanned.scale + 0 };
  };
  it("sign, digits, scale, binary exponent and format", () => {
    assert.deepEqual(scan("-1.25Mi"), { negative: true, digits: 125n, scale: -2, binaryExponent: 20, format: "BinarySI" });
    assert.deepEqual(scan("+7e-3"), { negative: false, digits: 7n, scale: -3, binaryExponent: 0, format: "DecimalExponent" });
    assert.deepEqual(scan("12.5m"), { negative: false, digits: 125n, scale: -4, binaryExponent: 0, format: "DecimalSI" });
    assert.deepEqual(scan("Ki"), { negative: false, digits: 0n, scale: 0, binaryExponent: 10, format: "BinarySI" });
  });
});

describe("fromScaled, mul and scaledValue refuse what they cannot keep exact", () => {
  it("fromScaled: a safe integer (or a bigint) times 10^scale, scale from -9 to 1000", () => {
    assert.throws(() => Quantity.fromScaled(1.5), refused("value", "must be a safe integer"));
    assert.throws(() => Quantity.fromScaled(2 ** 53), refused("value", "must be a safe integer"));
    for (const scale of [-10, 1001, 0.5, Number.NaN]) assert.throws(() => Quantity.fromScaled(1, scale), refused("scale", "must be an integer from -9 to 1000"), String(scale));
    assert.equal(Quantity.fromScaled(1, -9).toString(), "1n");
    assert.equal(Quantity.fromScaled(1, 1000).toString(), "10e999");
    assert.equal(Quantity.fromScaled(2n ** 64n).toString(), "18446744073709551616");
    assert.equal(Quantity.fromScaled(7).toString(), "7");
    assert.equal(Quantity.fromScaled(7).format, "DecimalSI");
  });
  it("mul: a safe integer or a bigint", () => {
    assert.throws(() => Quantity.parse("1").mul(0.5), refused("factor", "must be a safe integer"));
    assert.equal(Quantity.parse("1Ki").mul(3n).toString(), "3Ki");
    assert.equal(Quantity.parse("1Ki").mul(-2).format, "BinarySI");
  });
  it("scaledValue: an integer scale from -9", () => {
    for (const scale of [-10, 1.5]) assert.throws(() => Quantity.parse("1").scaledValue(scale), refused("scale", "must be an integer ≥ -9"));
    assert.equal(Quantity.parse("1").scaledValue(-9), 1_000_000_000n);
    assert.equal(Quantity.parse("1500m").scaledValue(3), 1n);
    assert.equal(Quantity.parse("-1500m").scaledValue(3), -1n);
  });
});

describe("the canonical text at its edges", () => {
  it("binary: whole values of at least 1024, the largest suffix that divides, Ei at most", () => {
    assert.equal(Quantity.fromScaled(1024, 0, "BinarySI").toString(), "1Ki");
    assert.equal(Quantity.fromScaled(1023, 0, "BinarySI").toString(), "1023");
    assert.equal(Quantity.fromScaled(-1024, 0, "BinarySI").toString(), "-1Ki");
    assert.equal(Quantity.fromScaled(-1023, 0, "BinarySI").toString(), "-1023");
    assert.equal(Quantity.fromScaled(1536, 0, "BinarySI").toString(), "1536");
    // Under 1024 in magnitude a binary value is written as a decimal one, as the server does.
    assert.equal(Quantity.fromScaled(1000, 0, "BinarySI").toString(), "1k");
    assert.equal(Quantity.fromScaled(-1000, 0, "BinarySI").toString(), "-1k");
    assert.equal(Quantity.fromScaled(1024n ** 7n, 0, "BinarySI").toString(), "1024Ei");
    assert.equal(Quantity.fromScaled(10240, -1, "BinarySI").toString(), "1Ki");
    assert.equal(Quantity.fromScaled(10241, -1, "BinarySI").toString(), "1024100m");
  });
  it("binary quantities are capped at the largest int64, whatever the sign", () => {
    assert.equal(Quantity.parse("-9Ei").toString(), "-9223372036854775807");
    assert.equal(Quantity.parse("7Ei").toString(), "7Ei");
    assert.equal(Quantity.parse("8Ei").toString(), "9223372036854775807");
    assert.equal(Quantity.parse("9223372036854775807").toString(), "9223372036854775807");
    assert.equal(Quantity.parse("9223372036854775808").toString(), "9223372036854775808", "decimal quantities are not capped");
  });
  it("a binary value of at least one unit stays binary; under one it turns decimal", () => {
    assert.equal(Quantity.parse("0.0009765625Ki").format, "BinarySI");
    assert.equal(Quantity.parse("0.0009765625Ki").toString(), "1");
    assert.equal(Quantity.parse("0.0001Ki").format, "DecimalSI");
    assert.equal(Quantity.parse("-0.0001Ki").format, "DecimalSI");
    assert.equal(Quantity.parse("0Ki").format, "BinarySI");
  });
  it("decimal: exponents that are multiples of 3 with a suffix; beyond E, or in exponent form, an e", () => {
    assert.equal(Quantity.parse("1e21").toString(), "1e21");
    assert.equal(Quantity.parse("1000E").toString(), "1e21");
    assert.equal(Quantity.parse("10e-3").toString(), "10e-3");
    assert.equal(Quantity.parse("1e0").toString(), "1");
    assert.equal(Quantity.parse("-5e-9").toString(), "-5e-9");
    assert.equal(Quantity.parse("1200e-3").toString(), "1200e-3");
    assert.equal(Quantity.parse("-1200m").toString(), "-1200m");
    assert.equal(Quantity.parse("10n").toString(), "10n");
  });
  it("inspect shows the canonical text; JSON is the text", () => {
    assert.equal(inspect(Quantity.parse("1.5Gi")), "Quantity(1536Mi)");
    assert.equal(JSON.stringify(Quantity.parse("100m")), '"100m"');
  });
});

describe("sign, zero, equality, numbers", () => {
  it("sign and isZero", () => {
    assert.deepEqual(["-1n", "0", "1n", "-0"].map((t) => Quantity.parse(t).sign()), [-1, 0, 1, 0]);
    assert.deepEqual(["-1n", "0", "0Mi", "1n"].map((t) => Quantity.parse(t).isZero()), [false, true, true, false]);
  });
  it("equals takes a quantity or its text", () => {
    assert.equal(Quantity.parse("1Ki").equals("1024"), true);
    assert.equal(Quantity.parse("1Ki").equals(Quantity.parse("1025")), false);
    assert.equal(Quantity.parse("1").cmp("1"), 0);
  });
  it("sub keeps the format of the non-zero side", () => {
    assert.equal(Quantity.parse("1Gi").sub("0").toString(), "1Gi");
    assert.equal(Quantity.parse("1Gi").sub("1k").format, "BinarySI");
    assert.equal(Quantity.parse("1k").sub("1Ki").format, "DecimalSI");
  });
  it("add keeps the format of the left side once it is not zero", () => {
    assert.equal(Quantity.parse("1k").add("1Ki").format, "DecimalSI");
    assert.equal(Quantity.parse("1Ki").add("1e3").format, "BinarySI");
  });
  it("toNumber of negative and fractional values", () => {
    assert.equal(Quantity.parse("-1.5").toNumber(), -1.5);
    assert.equal(Quantity.parse("1n").toNumber(), 1e-9);
    assert.equal(Quantity.parse("-250m").toNumber(), -0.25);
  });
  it("value and milliValue round away from zero, exact values stay", () => {
    assert.equal(Quantity.parse("2").value(), 2n);
    assert.equal(Quantity.parse("1n").value(), 1n);
    assert.equal(Quantity.parse("-1n").value(), -1n);
    assert.equal(Quantity.parse("-1n").milliValue(), -1n);
    assert.equal(Quantity.parse("3m").milliValue(), 3n);
  });
});

describe("properties", () => {
  const nanos = fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n });
  it("a whole number of nano-units reads back exactly, whatever the suffix it is written in", () => {
    fc.assert(
      fc.property(nanos, (n) => {
        const q = Quantity.parse(`${n}n`);
        assert.equal(q.scaledValue(-9), n);
        assert.equal(q.sign(), n < 0n ? -1 : n > 0n ? 1 : 0);
        assert.equal(q.isZero(), n === 0n);
        assert.equal(Quantity.parse(`${n}e-9`).cmp(q), 0);
      }),
    );
  });
  it("value() is the nano count divided by 10^9, rounded away from zero", () => {
    fc.assert(
      fc.property(nanos, (n) => {
        const whole = n / 1_000_000_000n;
        const want = whole * 1_000_000_000n === n ? whole : whole + (n < 0n ? -1n : 1n);
        assert.equal(Quantity.parse(`${n}n`).value(), want);
      }),
    );
  });
  it("cmp is antisymmetric and agrees with the nano counts", () => {
    const ordered = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0);
    // Equal pairs are rare in random draws, so they are also drawn on purpose.
    const pairs = fc.oneof(fc.tuple(nanos, nanos), nanos.map((n) => [n, n] as [bigint, bigint]));
    fc.assert(
      fc.property(pairs, ([a, b]) => {
        const x = Quantity.parse(`${a}n`);
        const y = Quantity.parse(`${b}n`);
        assert.equal(x.cmp(y), ordered(a, b));
        assert.equal(y.cmp(x), ordered(b, a));
        assert.equal(x.equals(y), a === b);
      }),
    );
  });
  it("a binary suffix multiplies by its power of 1024, up to the int64 cap", () => {
    const suffixes = ["Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 6n }), fc.integer({ min: 0, max: 5 }), (m, i) => {
        const exact = m * 1024n ** BigInt(i + 1);
        const capped = exact > 2n ** 63n - 1n ? 2n ** 63n - 1n : exact;
        assert.equal(Quantity.parse(`${m}${suffixes[i]}`).value(), capped);
      }),
    );
  });
  it("the canonical text of any decimal value parses back to it", () => {
    fc.assert(
      fc.property(nanos, fc.constantFrom("n", "u", "m", "", "k", "M", "G", "e2", "e-4"), (n, suffix) => {
        const q = Quantity.parse(`${n}${suffix}`);
        assert.ok(Quantity.parse(q.toString()).equals(q));
        assert.equal(Quantity.parse(q.toString()).toString(), q.toString());
      }),
    );
  });
});
