/**
 * Checks of what the server answered before it is handed on as typed data: a
 * reply of the wrong shape is a `KubexProtocolError` naming what was expected,
 * never a `TypeError` later in the caller's code.
 */
import type { BaseClient } from "../client/base-client.js";
import type { KubeRequest, KubeResponse } from "../client/request.js";
import { capMessage, KubexProtocolError, type Status } from "../errors.js";
import type { ObjectList, WatchEvent } from "./meta.js";

/** `null`, `a number`, `an array`, ... for messages. */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (value === undefined) return "undefined";
  const type = typeof value;
  return type === "object" ? "an object" : `a ${type}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The reply as an object (`expected` names it, e.g. `a ConfigMap`). */
export async function objectReply<T>(response: KubeResponse, what: string, expected: string): Promise<T> {
  const value = await response.json<unknown>();
  if (!isObject(value)) throw new KubexProtocolError(`${what}: expected ${expected} (an object), got ${describe(value)}`);
  return value as T;
}

/** The reply as a list: an object with `metadata` and an `items` array. */
export async function listReply<T>(response: KubeResponse, what: string, listKind: string): Promise<ObjectList<T>> {
  const value = await response.json<unknown>();
  if (!isObject(value) || !Array.isArray(value.items) || !isObject(value.metadata)) {
    const got = !isObject(value) ? describe(value) : !Array.isArray(value.items) ? `items ${describe(value.items)}` : `metadata ${describe(value.metadata)}`;
    throw new KubexProtocolError(`${what}: expected a ${listKind} (an object with metadata and an items array), got ${got}`);
  }
  return value as unknown as ObjectList<T>;
}

const eventTypes = new Set(["ADDED", "MODIFIED", "DELETED", "BOOKMARK", "ERROR"]);

/**
 * One parsed watch line as an event, or the Status of an ERROR event (returned apart
 * so the caller throws it as the typed error of its code).
 */
export function watchEvent<T>(value: unknown, what: string): WatchEvent<T> | { type: "ERROR"; status: Status } {
  if (!isObject(value)) throw new KubexProtocolError(`${what}: expected a watch event { type, object }, got ${describe(value)}`);
  const { type, object } = value;
  if (typeof type !== "string" || !eventTypes.has(type)) {
    throw new KubexProtocolError(`${what}: expected type ADDED, MODIFIED, DELETED, BOOKMARK or ERROR, got ${type === undefined ? "undefined" : capMessage(JSON.stringify(type), 128)}`);
  }
  if (type === "ERROR") {
    if (!isObject(object)) throw new KubexProtocolError(`${what}: expected an ERROR event's object to be a Status, got ${describe(object)}`);
    return { type, status: object as Status };
  }
  if (!isObject(object)) throw new KubexProtocolError(`${what}: expected ${type === "ADDED" ? "an" : "a"} ${type} event's object to be an object, got ${describe(object)}`);
  if (type === "BOOKMARK" && typeof (object.metadata as { resourceVersion?: unknown } | undefined)?.resourceVersion !== "string") {
    throw new KubexProtocolError(`${what}: expected a BOOKMARK event's object to carry metadata.resourceVersion`);
  }
  return value as unknown as WatchEvent<T>;
}

/** Sends a request whose answer is one object, and checks that it is one. */
export async function sendForObject<T>(client: BaseClient, request: KubeRequest, expected: string): Promise<T> {
  return objectReply<T>(await client.request(request), `${request.method} ${request.path}`, expected);
}

/** Sends a request whose answer is a list, and checks that it is one. */
export async function sendForList<T>(client: BaseClient, request: KubeRequest, listKind: string): Promise<ObjectList<T>> {
  return listReply<T>(await client.request(request), `${request.method} ${request.path}`, listKind);
}
