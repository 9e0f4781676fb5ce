// Which public exports of a TypeDoc project have no `@example`: on the export itself, on one
// of its call signatures (functions, methods), or on a signature of its type (a const typed
// by a callable or constructible interface, such as `Api`).
import { ReflectionKind } from "typedoc";

const hasExample = (comment) => comment?.blockTags?.some((tag) => tag.tag === "@example") ?? false;

function documented(reflection) {
  return (
    hasExample(reflection.comment) ||
    (reflection.signatures ?? []).some((s) => hasExample(s.comment)) ||
    (reflection.type?.declaration?.signatures ?? []).some((s) => hasExample(s.comment))
  );
}

/** `{ total, missing }`: the number of exports of the project's modules, and the names (`module.export`) without an example. */
export function exportsWithoutExample(project) {
  const modules = project.children?.filter((c) => c.kindOf(ReflectionKind.Module)) ?? [];
  const all = modules.flatMap((m) => (m.children ?? []).map((c) => ({ name: `${m.name}.${c.name}`, reflection: c })));
  const missing = all.filter(({ reflection }) => !documented(reflection)).map(({ name }) => name).sort();
  return { total: all.length, missing };
}

/** What the docs build prints about missing examples, and the problem that fails the check when any is missing. */
export function exampleReport({ total, missing }) {
  const lines = [`docs: ${missing.length} of ${total} public exports have no @example${missing.length ? ":" : ""}`, ...missing.map((name) => `  ${name}`)];
  return missing.length > 0 ? { lines, problem: `${missing.length} public exports have no @example` } : { lines };
}
