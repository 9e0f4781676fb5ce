/** The platform module of the runtime this is, for the fetch backend and its WebSockets. */
import type { JsRuntime } from "../runtime-detect.js";
import { bunPlatform } from "./bun.js";
import { denoPlatform } from "./deno.js";
import { nodeFetchPlatform } from "./node.js";
import type { FetchPlatform } from "./types.js";
import { webPlatform } from "./web.js";

export function fetchPlatform(runtime: JsRuntime): FetchPlatform {
  switch (runtime) {
    case "node":
      return nodeFetchPlatform;
    case "bun":
      return bunPlatform;
    case "deno":
      return denoPlatform;
    default:
      return webPlatform;
  }
}

export { enforceSupport, settingsUsed, type Channel, type Setting, type Support, type SupportTable } from "./support.js";
export { tlsMaterial, type ClientCertificate, type Route, type TlsMaterial } from "./tls.js";
export type { FetchPlatform, FetchSetup, OpenedWebSocket, WebSocketLike } from "./types.js";
