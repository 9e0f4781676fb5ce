export type { WebSocketConnection } from "./connection.js";
export type { WebSocketOpenOptions } from "./open.js";
export { bearerSubprotocol } from "./web-adapter.js";
