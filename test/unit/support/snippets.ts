/**
 * TypeScript snippets of the docs as modules that type-check against the source.
 *
 * Each ```ts (or ```typescript) block becomes one module: the snippet, preceded by the
 * imports and the declarations of the free names it uses (`client`, `pods`, `cm`, ...)
 * that it does not declare itself. A block right after `<!-- snippet: skip REASON -->`
 * is an intentional fragment: it is listed with its reason, not compiled. A file may add
 * declarations for its own snippets in `<!-- snippet prelude ... -->`.
 *
 * The `@example` blocks of TSDoc comments in the sources are snippets too, taken the same way.
 */
import ts from "typescript";

export interface Snippet {
  /** The markdown file, relative to the repository. */
  readonly file: string;
  /** The line of the snippet's first line of code in the markdown file (1-based). */
  readonly line: number;
  readonly code: string;
  /** Why the block is not compiled, for an intentional fragment. */
  readonly skip?: string;
}

const fence = /^```(\S*)\s*$/;
const skipMarker = /^<!--\s*snippet:\s*skip\s+(.+?)\s*-->$/;
const filePrelude = /<!--\s*snippet prelude\s*\n([\s\S]*?)-->/g;

/** Every fenced TypeScript block of a markdown text, in order. */
export function extractSnippets(file: string, markdown: string): Snippet[] {
  const lines = markdown.split("\n");
  const snippets: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = fence.exec(lines[i]!);
    if (!open) continue;
    let end = i + 1;
    while (end < lines.length && !/^```\s*$/.test(lines[end]!)) end++;
    if (open[1] === "ts" || open[1] === "typescript") {
      let previous = i - 1;
      while (previous >= 0 && lines[previous]!.trim() === "") previous--;
      const skip = previous >= 0 ? skipMarker.exec(lines[previous]!.trim())?.[1] : undefined;
      snippets.push({ file, line: i + 2, code: lines.slice(i + 1, end).join("\n"), ...(skip ? { skip } : {}) });
    }
    i = end;
  }
  return snippets;
}

/**
 * The TSDoc comments of a TypeScript source, as the compiler attaches them to declarations
 * (a `/**` inside a string is no comment): each one's lines without the `*` margins, and
 * the line of its first line (1-based).
 */
function tsdocComments(source: string): { line: number; lines: string[] }[] {
  const file = ts.createSourceFile("source.ts", source, ts.ScriptTarget.ES2022, true);
  const docs = new Map<number, ts.JSDoc>();
  const visit = (node: ts.Node) => {
    for (const doc of ts.getJSDocCommentsAndTags(node)) if (ts.isJSDoc(doc)) docs.set(doc.getStart(file), doc);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return [...docs.entries()]
    .sort(([a], [b]) => a - b)
    .map(([start, doc]) => {
      const lines = source.slice(start, doc.end).split("\n").map((text, i, all) => {
        if (i === 0) text = text.replace(/^\s*\/\*\*\s?/, "");
        if (i === all.length - 1) text = text.replace(/\s*\*\/$/, "");
        return i === 0 ? text : text.replace(/^\s*\*( |$)?/, "");
      });
      return { line: file.getLineAndCharacterOfPosition(start).line + 1, lines };
    });
}

/** One `@example` tag of a TSDoc comment: where it is, and its fenced TypeScript blocks. */
export interface TsdocExample {
  readonly file: string;
  /** The line of the `@example` tag (1-based). */
  readonly line: number;
  readonly snippets: readonly Snippet[];
}

/** Every `@example` of the TSDoc comments of a TypeScript source, with the ```ts blocks it holds. */
export function extractTsdocExamples(file: string, source: string): TsdocExample[] {
  const examples: TsdocExample[] = [];
  for (const comment of tsdocComments(source)) {
    let current: { file: string; line: number; snippets: Snippet[] } | undefined;
    for (let i = 0; i < comment.lines.length; i++) {
      const text = comment.lines[i]!;
      const open = fence.exec(text);
      if (open) {
        let end = i + 1;
        while (end < comment.lines.length && !/^```\s*$/.test(comment.lines[end]!)) end++;
        if (current && (open[1] === "ts" || open[1] === "typescript")) {
          current.snippets.push({ file, line: comment.line + i + 1, code: comment.lines.slice(i + 1, end).join("\n") });
        }
        i = end;
        continue;
      }
      const tag = /^\s*(@\w+)/.exec(text)?.[1];
      if (tag === "@example") examples.push((current = { file, line: comment.line + i, snippets: [] }));
      else if (tag) current = undefined;
    }
  }
  return examples;
}

/** The declarations a markdown file adds to the shared prelude for its own snippets. */
export function filePreludeOf(markdown: string): string {
  return [...markdown.matchAll(filePrelude)].map((m) => m[1]!.trim()).join("\n");
}

/** One declaration of the prelude: the name it declares, whether a value or a type, its code, the names it uses. */
export interface PreludeEntry {
  readonly name: string;
  readonly kind: "value" | "type";
  readonly code: string;
  readonly uses: readonly string[];
}

/** Names a module declares at its top level, values and types apart. */
export function declaredNames(code: string): { values: Set<string>; types: Set<string> } {
  const source = ts.createSourceFile("snippet.ts", code, ts.ScriptTarget.ES2022, true);
  const values = new Set<string>();
  const types = new Set<string>();
  const bind = (name: ts.BindingName) => {
    if (ts.isIdentifier(name)) values.add(name.text);
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) bind(element.name);
  };
  for (const statement of source.statements) {
    if (ts.isVariableStatement(statement)) for (const d of statement.declarationList.declarations) bind(d.name);
    else if ((ts.isFunctionDeclaration(statement) || ts.isEnumDeclaration(statement)) && statement.name) values.add(statement.name.text);
    else if (ts.isClassDeclaration(statement) && statement.name) (values.add(statement.name.text), types.add(statement.name.text));
    else if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) types.add(statement.name.text);
    else if (ts.isImportDeclaration(statement) && statement.importClause) {
      const clause = statement.importClause;
      const names = [clause.name?.text];
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) names.push(bindings.name.text);
      if (bindings && ts.isNamedImports(bindings)) names.push(...bindings.elements.map((e) => e.name.text));
      for (const name of names) if (name) (values.add(name), types.add(name));
    }
  }
  return { values, types };
}

export interface SnippetModule {
  readonly text: string;
  /** Lines added before the snippet's first line. */
  readonly offset: number;
}

/** Every name code declares at any depth: parameters and locals included. */
export function locallyDeclaredNames(code: string): Set<string> {
  const source = ts.createSourceFile("snippet.ts", code, ts.ScriptTarget.ES2022, true);
  const names = new Set<string>();
  const visit = (node: ts.Node) => {
    if ((ts.isParameter(node) || ts.isVariableDeclaration(node) || ts.isBindingElement(node)) && ts.isIdentifier(node.name)) names.add(node.name.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return names;
}

/** The names code refers to: identifiers other than property names and keys (strings and comments do not count). */
export function referencedNames(code: string): Set<string> {
  const source = ts.createSourceFile("snippet.ts", code, ts.ScriptTarget.ES2022, true);
  const names = new Set<string>();
  const isKey = (node: ts.Identifier) => {
    const parent = node.parent;
    if ((ts.isPropertyAccessExpression(parent) || ts.isQualifiedName(parent)) && node !== (ts.isQualifiedName(parent) ? parent.left : parent.expression)) return true;
    if ((ts.isPropertyAssignment(parent) || ts.isPropertySignature(parent) || ts.isPropertyDeclaration(parent) || ts.isMethodDeclaration(parent) || ts.isMethodSignature(parent)) && parent.name === node) return true;
    return ts.isBindingElement(parent) && parent.propertyName === node;
  };
  const visit = (node: ts.Node) => {
    if (ts.isIdentifier(node) && !isKey(node)) names.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return names;
}

/**
 * The snippet as a module: the prelude entries it needs (and what those need, in prelude
 * order), then imports for the remaining free names that a module exports, first module first.
 */
export function snippetModule(code: string, prelude: readonly PreludeEntry[], exportsByModule: ReadonlyMap<string, ReadonlySet<string>>): SnippetModule {
  const declared = declaredNames(code);
  const taken = (entry: PreludeEntry) => (entry.kind === "value" ? declared.values : declared.types).has(entry.name);
  const needed = new Set<PreludeEntry>();
  const want = (name: string) => {
    for (const entry of prelude) {
      if (entry.name !== name || taken(entry) || needed.has(entry)) continue;
      needed.add(entry);
      entry.uses.forEach(want);
    }
  };
  // A value the snippet declares itself, even as a parameter, is its own, not the prelude's.
  const local = locallyDeclaredNames(code);
  const referenced = referencedNames(code);
  for (const entry of prelude) if (referenced.has(entry.name) && !(entry.kind === "value" && local.has(entry.name))) want(entry.name);
  const body = [...new Set(prelude.filter((entry) => needed.has(entry)).map((entry) => entry.code))];
  const used = referencedNames([code, ...body].join("\n"));
  const imported = new Set([...declared.values, ...declared.types, ...[...needed].map((e) => e.name)]);
  const imports: string[] = [];
  for (const [module, names] of exportsByModule) {
    const pick = [...names].filter((name) => !imported.has(name) && used.has(name)).sort();
    pick.forEach((name) => imported.add(name));
    if (pick.length > 0) imports.push(`import { ${pick.join(", ")} } from ${JSON.stringify(module)};`);
  }
  const head = [...imports, ...body];
  return { text: `${[...head, code].join("\n")}\nexport {};\n`, offset: head.length };
}

/** Prelude entries from TypeScript text: one per name each top-level statement declares. */
export function preludeEntries(code: string): PreludeEntry[] {
  const source = ts.createSourceFile("prelude.ts", code, ts.ScriptTarget.ES2022, true);
  const raw = source.statements.flatMap((statement) => {
    const text = statement.getText(source);
    const { values, types } = declaredNames(text);
    return [...[...values].map((name) => ({ name, kind: "value" as const, code: text })), ...[...types].map((name) => ({ name, kind: "type" as const, code: text }))];
  });
  const names = new Set(raw.map((entry) => entry.name));
  return raw.map((entry) => {
    const referenced = referencedNames(entry.code);
    return { ...entry, uses: [...names].filter((name) => name !== entry.name && referenced.has(name)) };
  });
}
