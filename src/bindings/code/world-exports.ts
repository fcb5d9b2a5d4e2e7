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
import { camel } from './util.js';

/** jco's JavaScript name of a WIT name (`%`-escaped keywords lose the `%`). */
const jsName = (name: string) => camel(name.replace(/^%/, ''));

/** A sync function a world exports, by jco's JavaScript name and its WIT name. */
export interface SyncExport {
  /** `getResult`, `api.doThing`. */
  readonly js: string;
  /** `get-result`, `api.do-thing`. */
  readonly wit: string;
  readonly world: string;
  /** The packages the world imports from (`wasi:http`); undefined when it `include`s other worlds (not known here). */
  readonly imports?: ReadonlySet<string>;
}

/** `wasi:http` for `import wasi:http/types@0.2.3;` (also under a plain name). */
function importedPackage(e: S.Extern): string[] {
  const path = e.kind === 'path' || e.kind === 'implements' ? e.path : undefined;
  return path?.kind === 'package' ? [`${path.package.namespace.name}:${path.package.name.name}`] : [];
}

/** The sync exports of every world in `witDirs`. */
export function syncWorldExports(witDirs: readonly string[]): SyncExport[] {
  const out: SyncExport[] = [];
  for (const dir of witDirs) {
    let files: Record<string, string>;
    try {
      files = readPackageTree(dir, { deps: false }).files;
    } catch {
      continue; // the WIT half reports an unreadable tree
    }
    const items = Object.entries(files).flatMap(([path, text]) => {
      const f = parseFile({ path, text }).file;
      return f ? [...f.items, ...f.nested.flatMap((n) => n.items)] : [];
    });
    const interfaces = new Map(items.filter((i): i is S.Interface => i.kind === 'interface').map((i) => [i.name.name, i] as const));
    for (const w of items) {
      if (w.kind !== 'world') continue;
      const imports = w.items.some((it) => it.kind === 'include') ? undefined : new Set(w.items.flatMap((it) => (it.kind === 'import' ? importedPackage(it.extern) : [])));
      const add = (js: string, wit: string) => out.push({ js, wit, world: w.name.name, imports });
      const funcsOf = (iface: string, list: readonly S.InterfaceItem[]) => {
        for (const it of list) if (it.kind === 'func' && !it.func.async) add(`${jsName(iface)}.${jsName(it.name.name)}`, `${iface}.${it.name.name}`);
      };
      for (const it of w.items) {
        if (it.kind !== 'export') continue;
        const e = it.extern;
        if (e.kind === 'func') {
          if (!e.func.async) add(jsName(e.name.name), e.name.name);
        } else if (e.kind === 'interface') {
          funcsOf(e.name.name, e.items);
        } else if (e.kind === 'path' && e.path.kind === 'local') {
          const iface = interfaces.get(e.path.name.name);
          if (iface) funcsOf(iface.name.name, iface.items);
        }
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
export function exportsOfFile(all: readonly SyncExport[], packages: ReadonlySet<string>): Map<string, { wit: string; worlds: string[] }> {
  const out = new Map<string, { wit: string; worlds: string[] }>();
  for (const e of all) {
    if (e.imports && [...packages].some((p) => !e.imports!.has(p))) continue;
    const have = out.get(e.js);
    if (have) have.worlds.push(e.world);
    else out.set(e.js, { wit: e.wit, worlds: [e.world] });
  }
  return out;
}

/** A sync export the port made async: the WIT name in the one world the file can implement. */
export interface AsyncExport {
  readonly world: string;
  readonly wit: string;
}
