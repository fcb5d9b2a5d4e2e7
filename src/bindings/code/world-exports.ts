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
const js = (name: string) => camel(name.replace(/^%/, ''));

/** JavaScript name -> the WIT function (`get-result`, `api.do-thing`), for sync exports of every world in `witDirs`. */
export function syncWorldExports(witDirs: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
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
    const funcsOf = (iface: string, list: readonly S.InterfaceItem[]) => {
      for (const it of list) if (it.kind === 'func' && !it.func.async) out.set(`${js(iface)}.${js(it.name.name)}`, `${iface}.${it.name.name}`);
    };
    for (const w of items) {
      if (w.kind !== 'world') continue;
      for (const it of w.items) {
        if (it.kind !== 'export') continue;
        const e = it.extern;
        if (e.kind === 'func' && !e.func.async) out.set(js(e.name.name), e.name.name);
        else if (e.kind === 'interface') funcsOf(e.name.name, e.items);
        else if (e.kind === 'path' && e.path.kind === 'local') {
          const iface = interfaces.get(e.path.name.name);
          if (iface) funcsOf(iface.name.name, iface.items);
        }
      }
    }
  }
  return out;
}
