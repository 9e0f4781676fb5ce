export { Quantity, compareQuantities } from "./quantity.js";
export type { QuantityFormat } from "./grammar.js";
