/**
 * The typed half of reading a kubeconfig: every field gets exactly the type
 * kubectl's decoder gives it (a boolean is `true` or `false`, a string is never
 * a number, a list is never a scalar). What kubectl would refuse is refused,
 * naming the file, the entry and the field but never the value, which may be a
 * credential. Fields kubex does not know are ignored, as kubectl ignores them.
 */
import { KubexConfigurationError } from "../errors.js";
import { hasControlCharacter } from "./header-value.js";
import type { AuthProviderConfig, ExecConfig, KubeconfigCluster, KubeconfigContext, KubeconfigFile, KubeconfigUser, Named } from "./kubeconfig-schema.js";
import { maxJsonValues, toJson, YamlNumber, type YamlValue } from "./kubeconfig-yaml.js";

type Mapping = { [key: string]: YamlValue };

function kind(value: YamlValue): string {
  if (value === null) return "null";
  if (typeof value === "boolean") return "a boolean";
  if (typeof value === "string") return "a string";
  if (value instanceof YamlNumber) return "a number";
  return Array.isArray(value) ? "a list" : "a mapping";
}

/** Standard base64 with padding, as Go's decoder reads `[]byte`; only line breaks may interrupt it. */
export function decodeStdBase64(text: string): Buffer | undefined {
  const clean = text.replace(/[\r\n]/g, "");
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(clean)) return undefined;
  return Buffer.from(clean, "base64");
}

function isMapping(value: YamlValue): value is Mapping {
  return value !== null && typeof value === "object" && !Array.isArray(value) && !(value instanceof YamlNumber);
}

/** Reads the fields of one mapping, each checked against the type kubectl decodes it to. */
class Fields {
  constructor(
    private readonly file: string,
    /** Where in the file, e.g. `cluster "prod"`; empty at the top level. */
    private readonly where: string,
    private readonly mapping: Mapping,
    /** Path of this mapping inside the entry, e.g. `exec.`. */
    private readonly prefix = "",
  ) {}

  fail(field: string, message: string): never {
    throw new KubexConfigurationError(`kubeconfig ${this.file}: ${this.where ? `${this.where}: ` : ""}\`${this.prefix}${field}\` ${message}`);
  }

  private wrongType(field: string, expected: string, value: YamlValue): never {
    const hint = typeof value === "string" && expected === "true or false" ? " (a quoted value is a string)" : "";
    return this.fail(field, `must be ${expected}, not ${kind(value)}${hint}`);
  }

  /** Absent and null are the same, as for kubectl. */
  private get(field: string): YamlValue | undefined {
    const value = Object.hasOwn(this.mapping, field) ? this.mapping[field] : undefined;
    return value === null ? undefined : value;
  }

  string(field: string): string | undefined {
    const value = this.get(field);
    if (value === undefined || typeof value === "string") return value;
    return this.wrongType(field, "a string", value);
  }

  /** A string sent as an HTTP header value (bearer token, impersonation): no control character but tab. */
  headerValue(field: string): string | undefined {
    const value = this.string(field);
    if (value !== undefined && hasControlCharacter(value)) this.fail(field, "holds a control character, which no HTTP header may carry");
    return value;
  }

  headerValues(field: string): string[] | undefined {
    const values = this.strings(field);
    values?.forEach((value, i) => {
      if (hasControlCharacter(value)) this.fail(`${field}[${i}]`, "holds a control character, which no HTTP header may carry");
    });
    return values;
  }

  boolean(field: string): boolean | undefined {
    const value = this.get(field);
    if (value === undefined || typeof value === "boolean") return value;
    return this.wrongType(field, "true or false", value);
  }

  /** A `[]byte` field, decoded; kept as text since every such field holds PEM. */
  base64(field: string): string | undefined {
    const value = this.string(field);
    if (value === undefined) return undefined;
    return decodeStdBase64(value)?.toString("utf8") ?? this.fail(field, "is not valid base64");
  }

  strings(field: string): string[] | undefined {
    const value = this.get(field);
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) return this.wrongType(field, "a list of strings", value);
    return value.map((item, i) => (typeof item === "string" ? item : this.fail(`${field}[${i}]`, `must be a string, not ${kind(item)}`)));
  }

  list(field: string): YamlValue[] | undefined {
    const value = this.get(field);
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) return this.wrongType(field, "a list", value);
    return value;
  }

  /** The mapping under `field`, read with the same rules. */
  nested(field: string): Fields | undefined {
    const value = this.get(field);
    if (value === undefined) return undefined;
    if (!isMapping(value)) return this.wrongType(field, "a mapping", value);
    return new Fields(this.file, this.where, value, `${this.prefix}${field}.`);
  }

  /** The i-th mapping of the list under `field`. */
  item(field: string, i: number, value: YamlValue): Fields {
    if (!isMapping(value)) return this.fail(`${field}[${i}]`, `must be a mapping, not ${kind(value)}`);
    return new Fields(this.file, this.where, value, `${this.prefix}${field}[${i}].`);
  }

  /** A field kubex passes on without reading, as JSON data. */
  raw(field: string): unknown {
    const value = this.get(field);
    if (value === undefined) return undefined;
    return toJson(value) ?? this.fail(field, `expands to more than ${maxJsonValues} values`);
  }

  stringMap(field: string): Record<string, string> | undefined {
    const fields = this.nested(field);
    return fields && Object.fromEntries(fields.keys().map((key) => [key, fields.string(key) ?? ""]));
  }

  /** `as-user-extra`: each key names a header, each value is one. */
  headerListMap(field: string): Record<string, string[]> | undefined {
    const fields = this.nested(field);
    if (!fields) return undefined;
    if (fields.keys().some((key) => hasControlCharacter(key))) this.fail(field, "holds a control character, which no HTTP header may carry");
    return Object.fromEntries(fields.keys().map((key) => [key, fields.headerValues(key) ?? []]));
  }

  keys(): string[] {
    return Object.keys(this.mapping);
  }

  /** Another entry of the same file. */
  entry(where: string, mapping: Mapping): Fields {
    return new Fields(this.file, where, mapping);
  }
}

function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** An `extensions` list: named entries whose content is passed on unread. */
function extensions(f: Fields): { name: string; extension?: unknown }[] | undefined {
  return f.list("extensions")?.map((item, i) => {
    const entry = f.item("extensions", i, item);
    return defined({ name: entry.string("name") ?? "", extension: entry.raw("extension") });
  });
}

function cluster(f: Fields): KubeconfigCluster {
  return defined({
    server: f.string("server"),
    "certificate-authority": f.string("certificate-authority"),
    "certificate-authority-data": f.base64("certificate-authority-data"),
    "insecure-skip-tls-verify": f.boolean("insecure-skip-tls-verify"),
    "tls-server-name": f.string("tls-server-name"),
    "proxy-url": f.string("proxy-url"),
    "disable-compression": f.boolean("disable-compression"),
    extensions: extensions(f),
  });
}

function exec(f: Fields): ExecConfig {
  const env = f.list("env")?.map((item, i) => {
    const entry = f.item("env", i, item);
    return { name: entry.string("name") ?? "", value: entry.string("value") ?? "" };
  });
  return defined({
    command: f.string("command") ?? "",
    args: f.strings("args"),
    env,
    apiVersion: f.string("apiVersion"),
    installHint: f.string("installHint"),
    provideClusterInfo: f.boolean("provideClusterInfo"),
    interactiveMode: f.string("interactiveMode") as ExecConfig["interactiveMode"],
  }) as ExecConfig;
}

function user(f: Fields): KubeconfigUser {
  const provider = f.nested("auth-provider");
  const execFields = f.nested("exec");
  extensions(f);
  return defined({
    token: f.headerValue("token"),
    tokenFile: f.string("tokenFile"),
    username: f.string("username"),
    password: f.string("password"),
    "client-certificate": f.string("client-certificate"),
    "client-certificate-data": f.base64("client-certificate-data"),
    "client-key": f.string("client-key"),
    "client-key-data": f.base64("client-key-data"),
    as: f.headerValue("as"),
    "as-uid": f.headerValue("as-uid"),
    "as-groups": f.headerValues("as-groups"),
    "as-user-extra": f.headerListMap("as-user-extra"),
    exec: execFields ? exec(execFields) : undefined,
    "auth-provider": provider ? defined<AuthProviderConfig>({ name: provider.string("name") ?? "", config: provider.stringMap("config") }) : undefined,
  });
}

function context(f: Fields): KubeconfigContext {
  extensions(f);
  return defined({ cluster: f.string("cluster"), user: f.string("user"), namespace: f.string("namespace") });
}

const sections = {
  clusters: { entry: "cluster", read: cluster },
  users: { entry: "user", read: user },
  contexts: { entry: "context", read: context },
} as const;

/** A kubeconfig document, every field typed as kubectl types it; anything kubectl refuses is a KubexConfigurationError. */
export function decodeKubeconfig(doc: YamlValue, file: string): KubeconfigFile {
  if (doc === null) return {};
  if (!isMapping(doc)) throw new KubexConfigurationError(`kubeconfig ${file}: expected a mapping at the top level, not ${kind(doc)}`);
  const top = new Fields(file, "", doc);
  const out: KubeconfigFile = defined({ apiVersion: top.string("apiVersion"), kind: top.string("kind"), "current-context": top.string("current-context") });
  const preferences = top.nested("preferences");
  preferences?.boolean("colors");
  if (preferences) extensions(preferences);
  extensions(top);
  for (const [key, { entry, read }] of Object.entries(sections) as [keyof typeof sections, (typeof sections)[keyof typeof sections]][]) {
    const list = top.list(key);
    if (!list) continue;
    const named: Named<never>[] = list.map((item, i) => {
      if (!isMapping(item)) return top.fail(`${key}[${i}]`, `must be a mapping with name and ${entry}, not ${kind(item)}`);
      const name = item.name;
      if (typeof name !== "string") return top.fail(`${key}[${i}].name`, name === undefined || name === null ? "is missing" : `must be a string, not ${kind(name)}`);
      const body = item[entry];
      const where = `${entry} ${JSON.stringify(name)}`;
      if (body !== undefined && body !== null && !isMapping(body)) return top.entry(where, {}).fail(entry, `must be a mapping, not ${kind(body)}`);
      const value = (read as (f: Fields) => object)(top.entry(where, body ?? {}));
      return { name, [entry]: value } as Named<never>;
    });
    (out as Record<string, unknown>)[key] = named;
  }
  return out;
}
