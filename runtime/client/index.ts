export { BaseClient } from "./base-client.js";
export type * from "./request.js";
export type * from "./timeout.js";
