import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { KubexArgumentError } from "../../../runtime/errors.js";
import { compareQuantities, Quantity } from "../../../runtime/quantity/index.js";

// given: a quantity as written; want: its value as mantissa·10^exponent, its format, its canonical text.
// The values and formats are those the API server's own parser documents and tests.
const parseTable: [given: string, mantissa: bigint, exponent: number, format: string, canonical: string][] = [
  ["0", 0n, 0, "DecimalSI", "0"],
  ["0n", 0n, 0, "DecimalSI", "0"],
  ["0Ki", 0n, 0, "BinarySI", "0"],
  ["0Ti", 0n, 0, "BinarySI", "0"],
  ["1", 1n, 0, "DecimalSI", "1"],
  ["1Ki", 1024n, 0, "BinarySI", "1Ki"],
  ["8Ki", 8192n, 0, "BinarySI", "8Ki"],
  ["7Mi", 7n * 1024n ** 2n, 0, "BinarySI", "7Mi"],
  ["6Gi", 6n * 1024n ** 3n, 0, "BinarySI", "6Gi"],
  ["5Ti", 5n * 1024n ** 4n, 0, "BinarySI", "5Ti"],
  ["4Pi", 4n * 1024n ** 5n, 0, "BinarySI", "4Pi"],
  ["3Ei", 3n * 1024n ** 6n, 0, "BinarySI", "3Ei"],
  ["100Ti", 100n * 1024n ** 4n, 0, "BinarySI", "100Ti"],
  ["5n", 5n, -9, "DecimalSI", "5n"],
  ["4u", 4n, -6, "DecimalSI", "4u"],
  ["3m", 3n, -3, "DecimalSI", "3m"],
  ["8k", 8n, 3, "DecimalSI", "8k"],
  ["50k", 5n, 4, "DecimalSI", "50k"],
  ["7M", 7n, 6, "DecimalSI", "7M"],
  ["40T", 4n, 13, "DecimalSI", "40T"],
  ["300T", 3n, 14, "DecimalSI", "300T"],
  ["2P", 2n, 15, "DecimalSI", "2P"],
  ["1E", 1n, 18, "DecimalSI", "1E"],
  ["12E", 12n, 18, "DecimalSI", "12E"],
  ["1E-3", 1n, -3, "DecimalExponent", "1e-3"],
  ["1e3", 1n, 3, "DecimalExponent", "1e3"],
  ["1E6", 1n, 6, "DecimalExponent", "1e6"],
  ["1E18", 1n, 18, "DecimalExponent", "1e18"],
  ["1e14", 1n, 14, "DecimalExponent", "100e12"],
  ["1e13", 1n, 13, "DecimalExponent", "10e12"],
  ["100.035k", 100035n, 0, "DecimalSI", "100035"],
  ["0.001", 1n, -3, "DecimalSI", "1m"],
  ["0.0005k", 5n, -1, "DecimalSI", "500m"],
  ["0.5", 5n, -1, "DecimalSI", "500m"],
  ["1.5", 15n, -1, "DecimalSI", "1500m"],
  ["0.00050k", 5n, -1, "DecimalSI", "500m"],
  ["0.5e0", 5n, -1, "DecimalExponent", "500e-3"],
  ["0.5e-2", 5n, -3, "DecimalExponent", "5e-3"],
  ["10.035M", 10035n, 3, "DecimalSI", "10035k"],
  ["1.2e3", 12n, 2, "DecimalExponent", "1200"],
  ["1.3E+6", 13n, 5, "DecimalExponent", "1300e3"],
  ["1.53E12", 153n, 10, "DecimalExponent", "1530e9"],
  ["9.01", 901n, -2, "DecimalSI", "9010m"],
  ["8.1k", 81n, 2, "DecimalSI", "8100"],
  ["7.123456M", 7123456n, 0, "DecimalSI", "7123456"],
  ["6.987654321G", 6987654321n, 0, "DecimalSI", "6987654321"],
  ["1.01E", 101n, 16, "DecimalSI", "1010P"],
  // Finer than nano rounds away from zero.
  ["3.001n", 4n, -9, "DecimalSI", "4n"],
  ["1.1E-9", 2n, -9, "DecimalExponent", "2e-9"],
  ["0.0000000001", 1n, -9, "DecimalSI", "1n"],
  ["0.9n", 1n, -9, "DecimalSI", "1n"],
  ["0.00000012345", 124n, -9, "DecimalSI", "124n"],
  ["-0.9n", -1n, -9, "DecimalSI", "-1n"],
  // Binary quantities are capped at the largest int64.
  ["9Ei", 2n ** 63n - 1n, 0, "BinarySI", "9223372036854775807"],
  ["9223372036854775807Ki", 2n ** 63n - 1n, 0, "BinarySI", "9223372036854775807"],
  // Fractional binary values; under 1 they become decimal.
  ["100.035Ki", 10243584n, -2, "BinarySI", "102435840m"],
  ["0.5Mi", 524288n, 0, "BinarySI", "512Ki"],
  ["1.5Gi", 1536n * 1024n ** 2n, 0, "BinarySI", "1536Mi"],
  ["0.000000000001Ki", 2n, -9, "DecimalSI", "2n"],
  // Unusual but accepted by the server.
  [".001", 1n, -3, "DecimalSI", "1m"],
  [".0001k", 100n, -3, "DecimalSI", "100m"],
  ["1.", 1n, 0, "DecimalSI", "1"],
  ["1.G", 1n, 9, "DecimalSI", "1G"],
  [".", 0n, 0, "DecimalSI", "0"],
  ["-", 0n, 0, "DecimalSI", "0"],
  ["+1", 1n, 0, "DecimalSI", "1"],
  ["-1k", -1n, 3, "DecimalSI", "-1k"],
  ["1000", 1n, 3, "DecimalSI", "1k"],
  ["1500", 15n, 2, "DecimalSI", "1500"],
  ["1000E", 1n, 21, "DecimalSI", "1e21"],
  ["1025Ki", 1025n * 1024n, 0, "BinarySI", "1025Ki"],
  ["1000Ki", 1024000n, 0, "BinarySI", "1000Ki"],
  ["1023", 1023n, 0, "DecimalSI", "1023"],
];

const wrong = ["", " 1", "1 ", "abc", "1.5.5", "1Kb", "1e", "1i", "1Ki5", "1 Gi", "0x10", "1e1001", "--1", "1,5"];

describe("Quantity.parse", () => {
  for (const [given, mantissa, exponent, format, canonical] of parseTable) {
    it(`${JSON.stringify(given)} is ${mantissa}e${exponent} (${format}), written ${canonical}`, () => {
      const q = Quantity.parse(given);
      const want = exponent >= -9 ? mantissa * 10n ** BigInt(exponent + 9) : 0n;
      assert.equal(q.scaledValue(-9), want);
      assert.equal(q.format, format);
      assert.equal(q.toString(), canonical);
      assert.equal(JSON.stringify({ cpu: q }), JSON.stringify({ cpu: canonical }));
    });
  }

  for (const text of wrong) {
    it(`refuses ${JSON.stringify(text)} with a typed error naming it`, () => {
      assert.throws(() => Quantity.parse(text), (e: unknown) => e instanceof KubexArgumentError && e.argument === "quantity");
    });
  }

  it("the canonical text parses back to the same value and text", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.constantFrom("", "m", "k", "Ki", "Mi", "e3", "e-6", "G"), (digits, suffix) => {
        const q = Quantity.parse(`${digits}${suffix}`);
        const again = Quantity.parse(q.toString());
        assert.ok(again.equals(q), `${digits}${suffix} → ${q} → ${again}`);
        assert.equal(again.toString(), q.toString());
      }),
    );
  });
});

describe("Quantity arithmetic and comparison", () => {
  it("compares across suffix families exactly", () => {
    assert.equal(compareQuantities("10000T", "100Gi"), 1);
    assert.equal(compareQuantities("100m", "50m"), 1);
    assert.equal(compareQuantities("50m", "100m"), -1);
    assert.equal(compareQuantities("1Gi", "1073741824"), 0);
    assert.equal(compareQuantities("0.1", "100m"), 0);
    assert.equal(compareQuantities("1Gi", "1000M"), 1);
  });

  it("adds and subtracts exactly, keeping the format of the non-zero side", () => {
    assert.equal(Quantity.parse("100m").add("0").toString(), "100m");
    assert.equal(Quantity.parse("0").add("1Gi").toString(), "1Gi");
    assert.equal(Quantity.parse("0").sub("1Gi").toString(), "-1Gi");
    assert.equal(Quantity.parse("1Gi").add("512Mi").toString(), "1536Mi");
    assert.equal(Quantity.parse("250m").add("750m").toString(), "1");
    assert.equal(Quantity.parse("0.1").add("0.2").toString(), "300m");
    assert.equal(Quantity.parse("1").sub("1001m").toString(), "-1m");
    assert.equal(Quantity.parse("500Mi").mul(3).toString(), "1500Mi");
    assert.equal(Quantity.parse("2k").neg().toString(), "-2k");
  });

  it("reads values in whole, milli and scaled units, rounding away from zero", () => {
    assert.equal(Quantity.parse("1.5").value(), 2n);
    assert.equal(Quantity.parse("-1.5").value(), -2n);
    assert.equal(Quantity.parse("100m").milliValue(), 100n);
    assert.equal(Quantity.parse("1.0001m").milliValue(), 2n);
    assert.equal(Quantity.parse("1Gi").scaledValue(6), 1074n);
    assert.equal(Quantity.parse("1536Mi").toNumber(), 1610612736);
    assert.equal(Quantity.parse("250m").toNumber(), 0.25);
  });

  it("fromScaled builds milli-units", () => {
    assert.equal(Quantity.fromScaled(250, -3).toString(), "250m");
    assert.equal(Quantity.fromScaled(3, 3).toString(), "3k");
    assert.equal(Quantity.fromScaled(2048, 0, "BinarySI").toString(), "2Ki");
  });

  it("addition is exact for any two parsed quantities", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), (a, b) => {
        const sum = Quantity.parse(`${a}n`).add(`${b}n`);
        assert.equal(sum.scaledValue(-9), a + b);
        assert.equal(sum.sub(`${b}n`).cmp(`${a}n`), 0);
      }),
    );
  });
});
