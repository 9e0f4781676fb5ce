/** Checks the options object a loader is called with, before anything is read. */
import { KubexArgumentError } from "../errors.js";

type Kind = "path" | "string" | "env";

export function checkLoaderOptions(options: unknown, fields: Readonly<Record<string, Kind>>): void {
  if (typeof options !== "object" || options === null || Array.isArray(options)) throw new KubexArgumentError("options", "must be an object");
  for (const [name, kind] of Object.entries(fields)) {
    const value = (options as Record<string, unknown>)[name];
    if (value === undefined) continue;
    const argument = `options.${name}`;
    if (kind === "env") {
      if (typeof value !== "object" || value === null || Array.isArray(value)) throw new KubexArgumentError(argument, "must be an object of environment variables");
    } else if (typeof value !== "string") {
      throw new KubexArgumentError(argument, "must be a string");
    } else if (kind === "path" && value === "") {
      throw new KubexArgumentError(argument, "must not be empty");
    }
  }
}
