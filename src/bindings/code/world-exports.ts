/**
 * The functions a project's worlds export as a plain (sync) `func`, by the
 * names jco gives them in JavaScript: a world's own `export get-result: func`
 * is `getResult`; a function of an exported interface of the package
 * (`export api;`, or an inline `export api: interface { ... }`) is
 * `api.doThing`. A code port that has to make one of these async meets the
 * world boundary: the WIT says the export does not wait.
 */
import { readPackageTree } from '../../wit/loader.js';
import { parseFile } from '../../wit/parser.js';
import type * as S from '../../wit/syntax.js';
import { usedInterfaces } from './official-02.js';
import { camel } from './util.js';

/** jco's JavaScript name of a WIT name (`%`-escaped keywords lose the `%`). */
const jsName = (name: string) => camel(name.replace(/^%/, ''));
/** jco's class name of a resource (`my-counter` is `MyCounter`). */
const pascal = (name: string) => jsName(name).replace(/^[a-z]/, (c) => c.toUpperCase());

/** A sync function a world exports, by jco's JavaScript name and its WIT name. */
export interface SyncExport {
  /** `getResult`, `api.doThing`. */
  readonly js: string;
  /** `get-result`, `api.do-thing`. */
  readonly wit: string;
  readonly world: string;
  /** The packages the world imports from (`wasi:http`), also through what an interface it exports uses; undefined when it `include`s other worlds (not known here). */
  readonly imports?: ReadonlySet<string>;
  /**
   * An interface of another package the world exports (\`export my:dep/api@0.1.0;\`): \`js\` is jco's name of the
   * interface's object (\`api\`), \`wit\` the path as written. Not found in deps/, its funcs are not known.
   */
  readonly unread?: true;
  /** With \`unread\`: the interface's WIT was read after all (found in deps/); its sync funcs are entries of their own (\`dep\`). */
  readonly read?: true;
  /** A func of an interface of another package, read from deps/ (\`export my:dep/api;\`): the path as written, whose package declares it. */
  readonly dep?: string;
}

/** `wasi:http` for `import wasi:http/types@0.2.3;` (also under a plain name). */
function importedPackage(e: S.Extern): string[] {
  const path = e.kind === 'path' || e.kind === 'implements' ? e.path : undefined;
  return path?.kind === 'package' ? [`${path.package.namespace.name}:${path.package.name.name}`] : [];
}

/** A sync func a world of the package exports: where it is declared, and its WIT name (`get-result`, `api.do-thing`). */
export interface ExportedSyncFunc {
  readonly world: S.World;
  /** The file that declares the func (for `export api;`, the interface's file). */
  readonly path: string;
  readonly func: S.Func;
  readonly wit: string;
  /** A method or static func of an exported resource: jco's class of it is PascalCase (`api.Counter.incBy`). */
  readonly resource?: boolean;
}

/**
 * Every sync func the worlds of one package's `files` export: a world's own
 * `export f: func`, and each func of an interface it exports inline or by a
 * local name. The one walk over exports that `syncExportsOf` (by
 * JavaScript name) and async-exports.ts (where to write `async`) share.
 */
export function exportedSyncFuncs(files: Readonly<Record<string, string>>): ExportedSyncFunc[] {
  const parsed = Object.entries(files).flatMap(([path, text]) => {
    const f = path.endsWith('.wit') ? parseFile({ path, text }).file : undefined;
    return f ? [{ path, items: [...f.items, ...f.nested.flatMap((n) => n.items)] }] : [];
  });
  const interfaces = new Map(parsed.flatMap((p) => p.items.filter((i): i is S.Interface => i.kind === 'interface').map((i) => [i.name.name, { path: p.path, iface: i }] as const)));
  const out: ExportedSyncFunc[] = [];
  const funcsOf = (world: S.World, path: string, iface: string, list: readonly S.InterfaceItem[]) => {
    for (const it of list) {
      if (it.kind === 'func' && !it.func.async) out.push({ world, path, func: it.func, wit: `${iface}.${it.name.name}` });
      // A resource's methods and static funcs are exports too: jco's class of it, on the interface's object, has them
      // (a constructor cannot be an `async func`: not one).
      if (it.kind === 'type' && it.def === 'resource') {
        for (const rf of it.funcs) if (rf.kind !== 'constructor' && !rf.func.async) out.push({ world, path, func: rf.func, wit: `${iface}.${it.name.name}.${rf.name.name}`, resource: true });
      }
    }
  };
  for (const { path, items } of parsed) {
    for (const world of items) {
      if (world.kind !== 'world') continue;
      for (const it of world.items) {
        if (it.kind !== 'export') continue;
        const e = it.extern;
        if (e.kind === 'func') {
          if (!e.func.async) out.push({ world, path, func: e.func, wit: e.name.name });
        } else if (e.kind === 'interface') {
          funcsOf(world, path, e.name.name, e.items);
        } else if (e.kind === 'path' && e.path.kind === 'local') {
          const found = interfaces.get(e.path.name.name);
          if (found) funcsOf(world, found.path, found.iface.name.name, found.iface.items);
        }
      }
    }
  }
  return out;
}

/**
 * The packages a world imports from (`wasi:http`); undefined when it
 * `include`s other worlds (not known here). An exported interface of
 * another package is imported with what it uses: `export
 * wasi:http/incoming-handler@0.2.3;` brings wasi:http/types, which uses
 * wasi:io and wasi:clocks.
 */
function importsOf(w: S.World): ReadonlySet<string> | undefined {
  if (w.items.some((it) => it.kind === 'include')) return undefined;
  return new Set(
    w.items.flatMap((it) => {
      if (it.kind === 'import') return importedPackage(it.extern);
      const path = it.kind === 'export' && it.extern.kind === 'path' ? it.extern.path : undefined;
      return path?.kind === 'package' ? [...usedFrom(`${path.package.namespace.name}:${path.package.name.name}/${path.name.name}`)] : [];
    }),
  );
}

/**
 * The package of \`iface\` (\`wasi:http/incoming-handler\`) and those its
 * \`use\`s reach, for a WASI interface as jco's official 0.2.12 WIT declares
 * it (what an interface uses holds across 0.2 releases); another package's
 * interface is not read here: its own package only.
 */
function usedFrom(iface: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const walk = (i: string): void => {
    if (seen.has(i)) return;
    seen.add(i);
    packages.add(i.slice(0, i.indexOf('/')));
    for (const d of usedInterfaces(i)) walk(d);
  };
  walk(iface);
  return packages;
}

/** What a world's `include` of these WASI worlds exports (`include wasi:cli/command@0.2.3;` exports wasi:cli/run). */
const INCLUDED_EXPORTS: Readonly<Record<string, string>> = { 'wasi:cli/command': 'wasi:cli/run', 'wasi:http/proxy': 'wasi:http/incoming-handler' };

/** The JavaScript export jco's guest bindings give each WASI interface a 0.2 world exports. */
export const JS_EXPORT_OF: Readonly<Record<string, string>> = { 'wasi:cli/run': 'run', 'wasi:http/incoming-handler': 'incomingHandler' };

/**
 * The WASI interfaces, without version (`wasi:cli/run`), that a world of
 * `files` exports (`export wasi:cli/run@0.2.4;`, or through an `include` of
 * wasi:cli/command or wasi:http/proxy, or of a world of another package
 * that `deps`, the files of deps/, hold): a module exporting jco's object
 * for one of them (`run`, `incomingHandler`) implements it, whether it
 * imports anything from WASI or not. With the versions each is exported
 * at, as written (`0.2.4`; `''` for a path written without one).
 */
export function wasiExportVersionsOf(files: Readonly<Record<string, string>>, deps: Readonly<Record<string, string>> = {}): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const id = (p: S.UsePath) => (p.kind === 'package' && p.package.namespace.name === 'wasi' ? `wasi:${p.package.name.name}/${p.name.name}` : undefined);
  const version = (p: S.UsePath) => (p.kind === 'package' && p.package.version ? p.package.version.text : '');
  const others = depPackages(deps);
  const seen = new Set<S.World>();
  // \`pkg\`: the items of the dep package a world is read from, where its own \`include other;\` resolves (a world of
  // \`files\` is read anyway).
  const walk = (w: S.World, pkg: readonly S.TopItem[] | undefined) => {
    if (seen.has(w)) return;
    seen.add(w);
    for (const it of w.items) {
      const p = it.kind === 'export' && it.extern.kind === 'path' ? it.extern.path : it.kind === 'include' ? it.path : undefined;
      if (!p) continue;
      const i = it.kind === 'include' ? INCLUDED_EXPORTS[id(p) ?? ''] : id(p);
      if (!i && it.kind === 'include') {
        const items = p.kind === 'package' ? others.get(`${p.package.namespace.name}:${p.package.name.name}`) : pkg;
        const included = items?.find((x): x is S.World => x.kind === 'world' && x.name.name === p.name.name);
        if (included) walk(included, items);
      }
      if (!i) continue;
      let vs = out.get(i);
      if (!vs) out.set(i, (vs = new Set()));
      vs.add(version(p));
    }
  };
  for (const [path, text] of Object.entries(files)) {
    const f = path.endsWith('.wit') ? parseFile({ path, text }).file : undefined;
    for (const w of f ? [...f.items, ...f.nested.flatMap((n) => n.items)] : []) if (w.kind === 'world') walk(w, undefined);
  }
  return out;
}

/**
 * wasiExportVersionsOf as CodeOptions takes it, from one reading of the files: the interfaces exported
 * (\`wasiExports\`), and those a world exports at a 0.2 version (\`wasiExports02\`: \`export wasi:cli/run@0.2.4;\`,
 * \`include wasi:cli/command@0.2.3;\`).
 */
export function wasiExportSets(files: Readonly<Record<string, string>>, deps: Readonly<Record<string, string>> = {}): { wasiExports: Set<string>; wasiExports02: Set<string> } {
  const versions = wasiExportVersionsOf(files, deps);
  return {
    wasiExports: new Set(versions.keys()),
    wasiExports02: new Set([...versions].filter(([, vs]) => [...vs].some((v) => v.startsWith('0.2.'))).map(([i]) => i)),
  };
}

/** The interfaces of wasiExportVersionsOf. */
export function wasiExportsOf(files: Readonly<Record<string, string>>): Set<string> {
  return wasiExportSets(files).wasiExports;
}

/** Those of them a world exports at a 0.2 version. */
export function wasiExports02Of(files: Readonly<Record<string, string>>): Set<string> {
  return wasiExportSets(files).wasiExports02;
}

/** What CodeOptions takes of a project's worlds: their sync exports (syncExportsOf) and the WASI interfaces they export (wasiExportSets). */
export interface WorldExports {
  readonly syncExports: SyncExport[];
  readonly wasiExports: Set<string>;
  readonly wasiExports02: Set<string>;
}

/** WorldExports of one package's files and the files of its deps/ (readPackageTree's depFiles). */
export function worldExportsOf(files: Readonly<Record<string, string>>, deps: Readonly<Record<string, string>> = {}): WorldExports {
  return { syncExports: syncExportsOf(files, deps), ...wasiExportSets(files, deps) };
}

/** WorldExports of the package trees in `witDirs`, together: each tree read once, with its deps/. */
export function worldExports(witDirs: readonly string[]): WorldExports {
  const out: WorldExports = { syncExports: [], wasiExports: new Set(), wasiExports02: new Set() };
  for (const dir of witDirs) {
    let tree: { files: Record<string, string>; depFiles: Record<string, string> };
    try {
      tree = readPackageTree(dir);
    } catch {
      // deps/ unreadable (the WIT half reports it): the package's own worlds still count, other packages' interfaces unread.
      try {
        tree = readPackageTree(dir, { deps: false });
      } catch {
        continue; // the WIT half reports an unreadable tree
      }
    }
    const one = worldExportsOf(tree.files, tree.depFiles);
    out.syncExports.push(...one.syncExports);
    for (const i of one.wasiExports) out.wasiExports.add(i);
    for (const i of one.wasiExports02) out.wasiExports02.add(i);
  }
  return out;
}

/** The sync exports of the worlds of one package's files, by path; \`deps\`, the files of its deps/ (readPackageTree's depFiles), give the interfaces of other packages its worlds export. */
export function syncExportsOf(files: Readonly<Record<string, string>>, deps: Readonly<Record<string, string>> = {}): SyncExport[] {
  const imports = new Map<S.World, ReadonlySet<string> | undefined>();
  const importsOfWorld = (w: S.World) => {
    if (!imports.has(w)) imports.set(w, importsOf(w));
    return imports.get(w);
  };
  const funcs = exportedSyncFuncs(files).map((f): SyncExport => {
    const js = f.wit.split('.').map((part, i) => (f.resource && i === 1 ? pascal(part) : jsName(part))).join('.');
    return { js, wit: f.wit, world: f.world.name.name, imports: importsOfWorld(f.world) };
  });
  const others: SyncExport[] = [];
  const depItems = depPackages(deps);
  for (const u of unreadExports(files)) {
    const obj = jsName(u.path.name.name);
    const base = { world: u.world.name.name, imports: importsOfWorld(u.world) };
    const iface = depInterface(depItems, u.path);
    others.push({ js: obj, wit: u.wit, ...base, unread: true, ...(iface ? { read: true as const } : {}) });
    for (const it of iface?.items ?? []) {
      if (it.kind === 'func' && !it.func.async) others.push({ js: `${obj}.${jsName(it.name.name)}`, wit: `${u.path.name.name}.${it.name.name}`, ...base, dep: u.wit });
      if (it.kind === 'type' && it.def === 'resource') {
        for (const rf of it.funcs) if (rf.kind !== 'constructor' && !rf.func.async) others.push({ js: `${obj}.${pascal(it.name.name)}.${jsName(rf.name.name)}`, wit: `${u.path.name.name}.${it.name.name}.${rf.name.name}`, ...base, dep: u.wit });
      }
    }
  }
  return [...funcs, ...others];
}

/** The items of each package the files of deps/ declare (in a file of it, \`package my:dep@0.1.0;\`, or a nested block), by \`my:dep\`: deps/ holds one copy of a package, so the version is not kept. */
function depPackages(deps: Readonly<Record<string, string>>): Map<string, S.TopItem[]> {
  const out = new Map<string, S.TopItem[]>();
  for (const [path, text] of Object.entries(deps)) {
    const f = path.endsWith('.wit') ? parseFile({ path, text }).file : undefined;
    if (!f) continue;
    for (const b of [...(f.package ? [{ name: f.package.name, items: f.items }] : []), ...f.nested.map((n) => ({ name: n.name, items: n.items }))]) {
      const key = `${b.name.namespace.name}:${b.name.name.name}`;
      out.set(key, [...(out.get(key) ?? []), ...b.items]);
    }
  }
  return out;
}

/** The interface a package path names (\`my:dep/api\`) as the files of deps/ declare it. */
function depInterface(deps: ReadonlyMap<string, readonly S.TopItem[]>, p: S.UsePath & { kind: 'package' }): S.Interface | undefined {
  return deps.get(`${p.package.namespace.name}:${p.package.name.name}`)?.find((i): i is S.Interface => i.kind === 'interface' && i.name.name === p.name.name);
}

/** The interfaces of packages other than WASI's that worlds export by package path (\`export my:dep/api@0.1.0;\`). */
function unreadExports(files: Readonly<Record<string, string>>): { world: S.World; path: S.UsePath & { kind: 'package' }; wit: string }[] {
  const out: { world: S.World; path: S.UsePath & { kind: 'package' }; wit: string }[] = [];
  for (const [path, text] of Object.entries(files)) {
    const f = path.endsWith('.wit') ? parseFile({ path, text }).file : undefined;
    for (const w of f ? [...f.items, ...f.nested.flatMap((n) => n.items)] : []) {
      if (w.kind !== 'world') continue;
      for (const it of w.items) {
        const p = it.kind === 'export' && it.extern.kind === 'path' ? it.extern.path : undefined;
        if (p?.kind === 'package' && p.package.namespace.name !== 'wasi') out.push({ world: w, path: p, wit: text.slice(p.span.start, p.span.end) });
      }
    }
  }
  return out;
}

/**
 * The sync exports a file may implement, by JavaScript name: those of the
 * worlds that import from every package the file imports from (`packages`,
 * `wasi:http`; a component can import only what its world imports), with
 * the worlds that qualify. One world: the port knows which WIT to change.
 */
export function exportsOfFile(all: readonly SyncExport[], packages: ReadonlySet<string>): Map<string, { wit: string; worlds: string[]; dep?: string; read?: true }> {
  const out = new Map<string, { wit: string; worlds: string[]; dep?: string; read?: true }>();
  for (const e of all) {
    if (e.unread || (e.imports && [...packages].some((p) => !e.imports!.has(p)))) continue;
    const have = out.get(e.js);
    if (have) have.worlds.push(e.world);
    else out.set(e.js, { wit: e.wit, worlds: [e.world], ...(e.dep ? { dep: e.dep } : {}), ...(e.read ? { read: e.read } : {}) });
  }
  return out;
}

/** The interfaces of other packages (\`unread\`) the worlds a file may implement export, by jco's name of the object (\`api\`), as exportsOfFile. */
export function unreadExportsOfFile(all: readonly SyncExport[], packages: ReadonlySet<string>): Map<string, { wit: string; worlds: string[]; read?: true }> {
  return exportsOfFile(
    all.filter((e) => e.unread).map(({ unread: _, ...e }) => e),
    packages,
  );
}

/** A sync export the port made async: the WIT name in the one world the file can implement. */
export interface AsyncExport {
  readonly world: string;
  readonly wit: string;
}
