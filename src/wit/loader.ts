/**
 * Reads WIT from disk the way wit-parser does: a `.wit` file is one package
 * group; a folder's `*.wit` files form its main package and `deps/` holds its
 * dependencies (folders of `.wit` files, or single `.wit` files). Nested
 * `package a:b { ... }` blocks become packages of their own.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { diagnostic, WitError, type Diagnostic, type SourceFile } from './diagnostics.js';
import { parseFile } from './parser.js';
import type * as S from './syntax.js';

/** A package as written, before resolution: its name and items, each with the file it came from. */
export interface PackageSource {
  readonly name: S.PackageName;
  readonly docs: string | undefined;
  readonly items: readonly { readonly file: SourceFile; readonly item: S.TopItem }[];
  readonly files: SourceFile[];
}

export interface Loaded {
  /** The root path's own packages (main first, then its nested ones). */
  readonly root: PackageSource[];
  /** Packages from deps/, in folder order. */
  readonly deps: PackageSource[];
  readonly files: SourceFile[];
  readonly syntax: S.File[];
  readonly diagnostics: Diagnostic[];
}

/** A failure tied to a file and span, raised while grouping or resolving. */
export class SourceError extends WitError {
  constructor(
    message: string,
    readonly file: SourceFile | undefined,
    offset: number,
    length: number,
  ) {
    super(message, offset, length);
  }
}

/**
 * Loads a `.wit` file or a package folder. `extraDeps` are more dependency
 * folders or files, read as if they sat in `deps/` (used to resolve a package
 * against its siblings without building a `deps/` tree on disk).
 */
export function loadPath(path: string, extraDeps: readonly string[] = []): Loaded {
  const files: SourceFile[] = [];
  const syntax: S.File[] = [];
  const diagnostics: Diagnostic[] = [];
  const parse = (paths: string[]): S.File[] => {
    const out: S.File[] = [];
    for (const p of paths) {
      const source: SourceFile = { path: p, text: readFileSync(p, 'utf8') };
      files.push(source);
      const r = parseFile(source);
      diagnostics.push(...r.diagnostics);
      if (r.file) {
        out.push(r.file);
        syntax.push(r.file);
      }
    }
    return out;
  };
  const stat = statSync(path);
  let root: S.File[];
  const depGroups: S.File[][] = [];
  if (stat.isDirectory()) {
    root = parse(witFilesIn(path));
    const depsDir = join(path, 'deps');
    if (isDir(depsDir)) {
      for (const entry of sortedEntries(depsDir)) {
        const p = join(depsDir, entry);
        if (isDir(p)) depGroups.push(parse(witFilesIn(p)));
        else if (entry.endsWith('.wit')) depGroups.push(parse([p]));
      }
    }
  } else {
    root = parse([path]);
  }
  for (const p of extraDeps) depGroups.push(isDir(p) ? parse(witFilesIn(p)) : parse([p]));
  if (diagnostics.length > 0) return { root: [], deps: [], files, syntax, diagnostics };
  try {
    return { root: groupPackages(root), deps: depGroups.flatMap((g) => groupPackages(g)), files, syntax, diagnostics };
  } catch (e) {
    if (!(e instanceof SourceError)) throw e;
    // Keep the files so the caller can show the source line of the error.
    const d = e.file
      ? diagnostic(e.file, e.offset, e.length, e.message)
      : { file: path, line: 1, col: 1, message: e.message, offset: 0, length: 0, severity: 'error' as const };
    return { root: [], deps: [], files, syntax, diagnostics: [d] };
  }
}

/** Parses in-memory files (path -> text) as one package group: used by tests and by tools that edit before writing. */
export function loadTexts(texts: readonly SourceFile[]): { packages: PackageSource[]; syntax: S.File[]; diagnostics: Diagnostic[] } {
  const syntax: S.File[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const source of texts) {
    const r = parseFile(source);
    diagnostics.push(...r.diagnostics);
    if (r.file) syntax.push(r.file);
  }
  if (diagnostics.length > 0) return { packages: [], syntax, diagnostics };
  return { packages: groupPackages(syntax), syntax, diagnostics };
}

function witFilesIn(dir: string): string[] {
  return sortedEntries(dir)
    .filter((e) => e.endsWith('.wit'))
    .map((e) => join(dir, e))
    .filter((p) => !isDir(p));
}

function sortedEntries(dir: string): string[] {
  return readdirSync(dir).sort();
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Groups the files of one folder (or one file) into packages: the main package
 * from the files' top-level items, and one package per nested block.
 */
export function groupPackages(files: readonly S.File[]): PackageSource[] {
  let header: { decl: S.PackageDecl; file: SourceFile } | undefined;
  let docsFrom: { file: S.File; docs: string } | undefined;
  const items: { file: SourceFile; item: S.TopItem }[] = [];
  const nested: PackageSource[] = [];
  for (const f of files) {
    if (f.package) {
      if (header && !samePackageName(header.decl.name, f.package.name)) {
        const n = f.package.name;
        throw new SourceError(
          `package identifier \`${nameText(f.source, n)}\` does not match previous package name of \`${nameText(header.file, header.decl.name)}\``,
          f.source, n.span.start, n.span.end - n.span.start,
        );
      }
      header ??= { decl: f.package, file: f.source };
      const docs = docsText(f.package.docs);
      if (docs !== undefined) {
        if (docsFrom) {
          const span = f.package.docs.span!;
          throw new SourceError("found doc comments on multiple 'package' items", f.source, span.start, span.end - span.start);
        }
        docsFrom = { file: f, docs };
      }
    }
    for (const item of f.items) items.push({ file: f.source, item });
    for (const n of f.nested) {
      nested.push({
        name: n.name,
        docs: docsText(n.docs),
        items: n.items.map((item) => ({ file: f.source, item })),
        files: [f.source],
      });
    }
  }
  const out: PackageSource[] = [];
  if (header) {
    out.push({ name: header.decl.name, docs: docsFrom?.docs, items, files: files.map((f) => f.source) });
  } else {
    // wit-parser wants a header even when a file holds only nested `package x:y { }` blocks.
    throw new SourceError('no `package` header was found in any WIT file for this package', undefined, 0, 0);
  }
  out.push(...nested);
  return out;
}

function nameText(file: SourceFile, n: S.PackageName): string {
  return file.text.slice(n.span.start, n.span.end);
}

/** Same namespace, name and version, as wit-parser compares them (`%b` is `b`; spacing does not count). */
function samePackageName(a: S.PackageName, b: S.PackageName): boolean {
  return a.namespace.name === b.namespace.name && a.name.name === b.name.name && a.version?.text === b.version?.text;
}

/**
 * Turns collected comments into wit-parser's doc text: `/**`-comments lose
 * their delimiters, other comments their leading slashes, each its trailing
 * whitespace; then the indentation all non-empty comments share is removed
 * where it is made of spaces (wit-parser's `docs()`).
 */
export function docsText(docs: S.Docs): string | undefined {
  if (docs.comments.length === 0) return undefined;
  const lines = docs.comments.map((c) => {
    const body = c.startsWith('/**') && c.endsWith('*/') ? c.slice(3, -2) : c.replace(/^\/+/, '');
    return body.trimEnd();
  });
  // The least leading whitespace of the non-empty comments goes from each, when it is plain spaces.
  let indent = Infinity;
  for (const l of lines) {
    if (l === '') continue;
    let n = 0;
    while (n < l.length && /\s/.test(l[n]) && l.charCodeAt(n) < 128) n++;
    indent = Math.min(indent, n);
  }
  if (!Number.isFinite(indent) || indent === 0) return lines.join('\n');
  const pad = ' '.repeat(indent);
  return lines.map((l) => (l.startsWith(pad) ? l.slice(indent) : l)).join('\n');
}
