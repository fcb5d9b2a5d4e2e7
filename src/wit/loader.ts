/**
 * Reads WIT from disk the way wit-parser does: a `.wit` file is one package
 * group; a folder's `*.wit` files form its main package and `deps/` holds its
 * dependencies (folders of `.wit` files, or single `.wit` files). Nested
 * `package a:b { ... }` blocks become packages of their own.
 */
import { closeSync, fstatSync, lstatSync, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import nodePath, { join } from 'node:path';
import { diagnostic, WitError, type Diagnostic, type SourceFile } from './diagnostics.js';
import { parseFile } from './parser.js';
import type * as S from './syntax.js';
import { byCodeUnit } from '../util/order.js';
import { intern } from '../util/text-memo.js';

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
  /** Set when a file or folder could not be read (a LoadError), as opposed to WIT that does not parse. */
  readonly refused?: boolean;
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
 * against its siblings without building a `deps/` tree on disk). Files are
 * read through `readPackageTree`/`readWitText` (the one reader of trees on
 * disk); a file that cannot be read safely is a diagnostic.
 */
export function loadPath(path: string, extraDeps: readonly string[] = []): Loaded {
  const files: SourceFile[] = [];
  const syntax: S.File[] = [];
  const diagnostics: Diagnostic[] = [];
  const parse = (sources: SourceFile[]): S.File[] => {
    const out: S.File[] = [];
    for (const source of sources) {
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
  let root: S.File[] = [];
  const depGroups: S.File[][] = [];
  try {
    if (statSync(path).isDirectory()) {
      const tree = readPackageTree(path);
      const rel = (r: string) => ({ path: join(path, r), text: (tree.files[r] ?? tree.depFiles[r])! });
      root = parse(Object.keys(tree.files).map(rel));
      for (const g of depGroupsOf(tree.depFiles)) depGroups.push(parse(g.map(rel)));
    } else {
      const abs = nodePath.resolve(path);
      root = parse([{ path, text: readWitText(abs, nodePath.dirname(abs)) }]);
    }
    for (const p of extraDeps) {
      const abs = nodePath.resolve(p);
      if (isDir(abs)) {
        const t = readPackageTree(abs, { deps: false });
        depGroups.push(parse(Object.keys(t.files).map((r) => ({ path: join(p, r), text: t.files[r]! }))));
      } else depGroups.push(parse([{ path: p, text: readWitText(abs, nodePath.dirname(abs)) }]));
    }
  } catch (e) {
    if (!(e instanceof LoadError)) throw e;
    return { root: [], deps: [], files, syntax, diagnostics: [e.diagnostic()], refused: true };
  }
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

// ------------------------------------------------------------ trees on disk

/**
 * A file or folder that cannot be read safely or is not valid WIT text: a
 * user error with a place (`file:line:col` for bytes that are not UTF-8),
 * never a crash.
 */
export class LoadError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line = 0,
    readonly col = 0,
  ) {
    super(line ? `${file}:${line}:${col}: ${message}` : `${file}: ${message}`);
  }
  diagnostic(): Diagnostic {
    return { file: this.file, line: this.line || 1, col: this.col || 1, message: this.message, offset: 0, length: 0, severity: 'error' };
  }
}

/**
 * Largest file the loader reads: 256 MiB. wit-parser has no limit; the
 * parser is linear and a 50 MB file resolves (issue 12), while a file that
 * grows without end (a link to a device is refused before this) cannot take
 * the machine's memory.
 */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;

/** A package as it is on disk: paths relative to its root, `/`-separated. */
export interface PackageTree {
  /** The root's own `.wit` files (or the one file named). */
  readonly files: Record<string, string>;
  /** The `.wit` files of `deps/`: `deps/<dir>/<file>.wit` and `deps/<file>.wit`, as wit-parser reads them. */
  readonly depFiles: Record<string, string>;
  /**
   * Dependency manifests, when present: wit-deps' `deps.toml` and `deps.lock`
   * beside the `.wit` files; wkg's `wkg.toml` and `wkg.lock` there too, or,
   * for a package root named `wit`, in the project folder above it (where
   * `wkg wit fetch` keeps them), keyed `../wkg.lock`.
   */
  readonly extraFiles: Record<string, string>;
  /** The entry names of each plain folder in `deps/` (`deps/<dir>` -> names), `.wit` or not, as listed. */
  readonly depEntries?: Record<string, string[]>;
  /**
   * wit-deps' manifests inside a `deps/` folder (`deps/<dir>/deps.toml`, `deps/<dir>/deps.lock`: there when a
   * release's wit folder was copied whole), plain files only, read as they are (not checked as UTF-8): wit-parser
   * reads none of them, but a run that empties the folder deletes them with it. One that cannot be read is left out.
   */
  readonly depManifests?: Record<string, string>;
}

/**
 * Reads a package root the way wit-parser does (its `*.wit` files, and each
 * `deps/` entry: a folder's `*.wit` files or a single `.wit` file), safely:
 * a symlink must stay inside the package root (`root`'s real path), loops
 * are refused, FIFOs, devices and folders named `*.wit` are refused, a file
 * larger than MAX_FILE_BYTES is refused, and text must be UTF-8.
 *
 * Few system calls (issue 18: reading a 1,000-file tree was a tenth of a
 * `wit --check`, mostly an lstat per file and a realpath per folder): each
 * folder is listed once with the type of each entry, so a plain file or
 * folder needs no lstat (a symlink, or anything else, is looked at as
 * before, by kindOf); a plain file is opened, its size checked on the open
 * file, then read (readRegular); the real path of a plain folder in deps/ is
 * that of deps/ joined with its name.
 */
export function readPackageTree(root: string, opts: { only?: string; deps?: boolean } = {}): PackageTree {
  const abs = nodePath.resolve(root);
  const base = realOf(abs, abs);
  const files: Record<string, string> = {};
  const depFiles: Record<string, string> = {};
  const extraFiles: Record<string, string> = {};
  const depEntries: Record<string, string[]> = {};
  const depManifests: Record<string, string> = {};
  if (opts.only) {
    files[opts.only] = readWitText(join(abs, opts.only), base);
    return { files, depFiles, extraFiles };
  }
  const top = listing(abs);
  for (const n of witEntries(abs, top, base)) files[n] = readListed(join(abs, n), top.get(n)!, base);
  if (opts.deps === false) return { files, depFiles, extraFiles };
  const deps = join(abs, 'deps');
  const depsEntry = top.get('deps');
  if (depsEntry && entryKind(deps, depsEntry, base) === 'dir') {
    const seen = new Set<string>();
    const realDeps = realOf(deps, base);
    const inDeps = listing(deps);
    for (const [entry, e] of inDeps) {
      const p = join(deps, entry);
      const kind = entryKind(p, e, base);
      if (kind === 'dir') {
        // A plain folder's real path is its parent's joined with its name; a symlink's is resolved.
        const real = e.isDirectory() ? join(realDeps, entry) : realOf(p, base);
        if (seen.has(real) || real === base || real === realDeps) throw new LoadError('symlink loop: this folder is already read as part of the package', p);
        seen.add(real);
        const inDir = listing(p);
        if (e.isDirectory()) depEntries[`deps/${entry}`] = [...inDir.keys()];
        for (const n of witEntries(p, inDir, base)) depFiles[`deps/${entry}/${n}`] = readListed(join(p, n), inDir.get(n)!, base);
        for (const n of ['deps.toml', 'deps.lock']) {
          if (!inDir.get(n)?.isFile()) continue;
          try {
            depManifests[`deps/${entry}/${n}`] = readRegular(join(p, n)).toString('utf8');
          } catch {
            // Unread, it stays on disk: the folder, emptied of its .wit files, is then reported as holding other files.
          }
        }
      } else if (entry.endsWith('.wit')) {
        depFiles[`deps/${entry}`] = readListed(p, e, base);
      }
    }
  }
  for (const n of ['deps.toml', 'deps.lock', 'wkg.toml', 'wkg.lock']) {
    const e = top.get(n);
    if (e && entryKind(join(abs, n), e, base) === 'file') extraFiles[n] = readListed(join(abs, n), e, base, false);
  }
  if (nodePath.basename(abs) === 'wit') {
    const project = nodePath.dirname(abs);
    const projectBase = realOf(project, project);
    for (const n of ['wkg.toml', 'wkg.lock']) if (!(n in extraFiles) && kindOf(join(project, n), projectBase) === 'file') extraFiles[`../${n}`] = readText(join(project, n), projectBase);
  }
  return { files, depFiles, extraFiles, depEntries, depManifests };
}

/** The `deps/` groups of a tree (one per `deps/<dir>` or `deps/<file>.wit`), each a sorted list of paths. */
export function depGroupsOf(depFiles: Readonly<Record<string, string>>): string[][] {
  const groups = new Map<string, string[]>();
  for (const p of Object.keys(depFiles).sort()) {
    const parts = p.split('/');
    const key = parts.length === 2 ? p : parts.slice(0, 2).join('/');
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(p);
  }
  return [...groups.values()];
}

/** A `.wit` file's text: as readText, and a folder or special file named `*.wit` is an error. */
export function readWitText(p: string, root: string): string {
  return readText(p, root);
}

/** Reads one text file of a package: safe (see readPackageTree) and strict UTF-8. */
export function readText(p: string, root: string): string {
  if (kindOf(p, root) !== 'file') throw new LoadError('not a regular file', p);
  let bytes: Buffer;
  try {
    bytes = readFileSync(p);
  } catch (e) {
    throw new LoadError(`cannot read: ${fsReason(e)}`, p);
  }
  return decodeUtf8(bytes, p);
}

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Strict UTF-8 (a BOM stays in the text, so a write keeps it); an invalid byte is a LoadError at its line and column. */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    return decoder.decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    const before = decoder.decode(bytes.subarray(0, at));
    const lines = before.split('\n');
    throw new LoadError('stream did not contain valid UTF-8', file, lines.length, [...lines[lines.length - 1]!].length + 1);
  }
}

function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    const n = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    if (n === 0 || i + n > b.length) return i;
    try {
      decoder.decode(b.subarray(i, i + n));
    } catch {
      return i;
    }
    i += n;
  }
  return b.length;
}

/** What `p` is, symlinks followed but never out of `root`; special files and loops are errors. */
function kindOf(p: string, root: string): 'file' | 'dir' | 'none' {
  let st: Stats;
  try {
    st = lstatSync(p);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'none';
    throw new LoadError(`cannot read: ${fsReason(e)}`, p);
  }
  if (st.isSymbolicLink()) {
    const real = realOf(p, root);
    if (real !== root && !real.startsWith(root + nodePath.sep)) throw new LoadError(`symlink leads out of the package root (to ${real}): refused`, p);
    st = statSync(real);
  }
  if (st.isDirectory()) return 'dir';
  if (st.isFile()) {
    if (st.size > MAX_FILE_BYTES) throw new LoadError(`${st.size} bytes, larger than the ${MAX_FILE_BYTES / 1024 / 1024} MiB a .wit file may be: refused`, p);
    return 'file';
  }
  throw new LoadError(`not a regular file (${st.isFIFO() ? 'a FIFO' : st.isSocket() ? 'a socket' : 'a device'}): refused`, p);
}

function realOf(p: string, _root: string): string {
  try {
    // The C library's realpath: one call, where Node's own looks up each component of the path.
    return realpathSync.native(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw new LoadError('symlink loop', p);
    if (code === 'ENOENT') throw new LoadError('dangling symlink (its target does not exist)', p);
    throw new LoadError(`cannot read: ${fsReason(e)}`, p);
  }
}

/** The `*.wit` entries of a listed folder, sorted; one that is not a regular file is an error (before any is read). */
function witEntries(dir: string, entries: Listing, root: string): string[] {
  const out: string[] = [];
  for (const [n, e] of entries) {
    if (!n.endsWith('.wit')) continue;
    const p = join(dir, n);
    if (entryKind(p, e, root) === 'dir') throw new LoadError('a folder named like a WIT file: refused (rename it, or move it out of the package)', p);
    out.push(n);
  }
  return out;
}

/** A folder's entries with their types (symlinks not followed), sorted by name. */
type Listing = Map<string, Dirent>;

function listing(dir: string): Listing {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    throw new LoadError(`cannot list: ${fsReason(e)}`, dir);
  }
  return new Map(entries.map((e) => [e.name, e] as const).sort(([a], [b]) => byCodeUnit(a, b)));
}

/**
 * kindOf for a listed entry: a plain folder is a folder and a plain file a
 * file (its size is checked when it is read); a symlink or anything else is
 * looked at by kindOf (which follows a symlink inside `root`, and refuses
 * special files).
 */
function entryKind(p: string, e: Dirent, root: string): 'file' | 'dir' | 'none' {
  if (e.isDirectory()) return 'dir';
  if (e.isFile()) return 'file';
  return kindOf(p, root);
}

/** readWitText (or readText) for a listed entry: a plain file is read by readRegular, anything else as before. */
function readListed(p: string, e: Dirent, root: string, wit = true): string {
  if (!e.isFile()) return wit ? readWitText(p, root) : readText(p, root);
  return intern(decodeUtf8(readRegular(p), p));
}

/**
 * The bytes of a file listed as a plain file: opened, checked on the open
 * file (still a plain file, at most MAX_FILE_BYTES), then read. The same
 * errors as kindOf and readText give.
 */
function readRegular(p: string): Buffer {
  let fd: number;
  try {
    fd = openSync(p, 'r');
  } catch (e) {
    throw new LoadError(`cannot read: ${fsReason(e)}`, p);
  }
  try {
    let st: Stats;
    try {
      st = fstatSync(fd);
    } catch (e) {
      throw new LoadError(`cannot read: ${fsReason(e)}`, p);
    }
    if (!st.isFile()) throw new LoadError('not a regular file', p);
    if (st.size > MAX_FILE_BYTES) throw new LoadError(`${st.size} bytes, larger than the ${MAX_FILE_BYTES / 1024 / 1024} MiB a .wit file may be: refused`, p);
    const buf = Buffer.allocUnsafe(st.size);
    let n = 0;
    try {
      for (let got = 1; n < st.size && got > 0; n += got) got = readSync(fd, buf, n, st.size - n, n);
    } catch (e) {
      throw new LoadError(`cannot read: ${fsReason(e)}`, p);
    }
    return n === st.size ? buf : buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

function fsReason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const why: Record<string, string> = { EACCES: 'permission denied', EPERM: 'permission denied', EISDIR: 'is a directory', ENOENT: 'no such file or directory', ELOOP: 'symlink loop' };
  return (err.code && why[err.code]) ?? err.message ?? String(e);
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
  // Syntax trees are never changed, and one tree is resolved again at every phase of a migration: memoised per node.
  if (docsMemo.has(docs)) return docsMemo.get(docs);
  const text = docsTextUncached(docs);
  docsMemo.set(docs, text);
  return text;
}

const docsMemo = new WeakMap<S.Docs, string | undefined>();

/** What /\s/ matches below 128: tab, line feed, vertical tab, form feed, carriage return, space. */
function isAsciiSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

function docsTextUncached(docs: S.Docs): string | undefined {
  const lines = docs.comments.map((c) => {
    const body = c.startsWith('/**') && c.endsWith('*/') ? c.slice(3, -2) : c.replace(/^\/+/, '');
    return body.trimEnd();
  });
  // The least leading whitespace of the non-empty comments goes from each, when it is plain spaces.
  let indent = Infinity;
  for (const l of lines) {
    if (l === '') continue;
    let n = 0;
    while (n < l.length && isAsciiSpace(l.charCodeAt(n))) n++;
    indent = Math.min(indent, n);
  }
  if (!Number.isFinite(indent) || indent === 0) return lines.join('\n');
  const pad = ' '.repeat(indent);
  return lines.map((l) => (l.startsWith(pad) ? l.slice(indent) : l)).join('\n');
}
