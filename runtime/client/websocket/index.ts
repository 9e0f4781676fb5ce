export type { WebSocketConnection } from "./connection.js";
