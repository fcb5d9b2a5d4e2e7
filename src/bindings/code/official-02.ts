/**
 * What jco's official WASI 0.2.12 WIT says of each interface, read once from
 * the vendored WIT: the types it takes with `use` and its own resources, by
 * jco's names (wasi-imports.ts and world-exports.ts read it).
 */
import { officialWitPackages, officialWitText } from '../../wit/official.js';
import { parseFile } from '../../wit/parser.js';
import type { Type } from '../../wit/syntax.js';
import { camel } from './util.js';

/** jco's name for a WIT type (`input-stream` -> `InputStream`). */
const typeName = (kebabName: string): string => camel(kebabName).replace(/^./, (c) => c.toUpperCase());

/** Per 0.2.12 interface: the types it takes with \`use\` (local name -> declaring interface and name), and its own resources. */
interface Official02 {
  readonly uses: ReadonlyMap<string, { iface: string; name: string }>;
  /** The \`uses\` of wasi:io's types. */
  readonly ioUses: ReadonlyMap<string, { iface: string; name: string }>;
  readonly resources: ReadonlySet<string>;
  /** Per function (jco's name), the types its result names (\`get-directories\`: \`Descriptor\`). */
  readonly gives: ReadonlyMap<string, ReadonlySet<string>>;
}
let official02: ReadonlyMap<string, Official02> | undefined;
export function official02Of(iface: string): Official02 | undefined {
  if (!official02) {
    const all = new Map<string, { uses: Map<string, { iface: string; name: string }>; ioUses: Map<string, { iface: string; name: string }>; resources: Set<string>; gives: Map<string, Set<string>> }>();
    for (const [pkg, file] of Object.entries(officialWitPackages('0.2.12'))) {
      const parsed = parseFile({ path: file, text: officialWitText('0.2.12', pkg)! }).file;
      for (const it of parsed?.items ?? []) {
        if (it.kind !== 'interface') continue;
        const entry = { uses: new Map<string, { iface: string; name: string }>(), ioUses: new Map<string, { iface: string; name: string }>(), resources: new Set<string>(), gives: new Map<string, Set<string>>() };
        all.set(`wasi:${pkg}/${it.name.name}`, entry);
        for (const u of it.items) {
          if (u.kind === 'type' && u.def === 'resource') entry.resources.add(typeName(u.name.name));
          if (u.kind === 'func' && u.func.result) entry.gives.set(camel(u.name.name), namesIn(u.func.result));
          if (u.kind !== 'use') continue;
          // \`use tcp.{tcp-socket}\`: an interface of the same package.
          const from = u.path.kind === 'package' ? `${u.path.package.namespace.name}:${u.path.package.name.name}/${u.path.name.name}` : `wasi:${pkg}/${u.path.name.name}`;
          for (const n of u.names) {
            const local = typeName((n.as ?? n.name).name);
            entry.uses.set(local, { iface: from, name: typeName(n.name.name) });
            if (from.startsWith('wasi:io/')) entry.ioUses.set(local, { iface: from, name: typeName(n.name.name) });
          }
        }
      }
    }
    official02 = all;
  }
  return official02.get(iface);
}

/** The named types \`t\` mentions (\`list<tuple<descriptor, string>>\`: \`Descriptor\`), by jco's names. */
function namesIn(t: Type, out = new Set<string>()): Set<string> {
  const inner: (Type | undefined)[] =
    t.kind === 'list' ? [t.element] : t.kind === 'option' || t.kind === 'future' || t.kind === 'stream' ? [t.type] : t.kind === 'map' ? [t.key, t.value] : t.kind === 'result' ? [t.ok, t.err] : t.kind === 'tuple' ? [...t.types] : [];
  if (t.kind === 'name' || t.kind === 'own' || t.kind === 'borrow') out.add(typeName(t.name.name));
  for (const x of inner) if (x) namesIn(x, out);
  return out;
}

/** The interfaces a WASI 0.2 interface takes types from with `use` (`wasi:http/incoming-handler`: `wasi:http/types`). */
export function usedInterfaces(iface: string): string[] {
  return [...new Set([...(official02Of(iface)?.uses.values() ?? [])].map((d) => d.iface))];
}

let uses03: ReadonlyMap<string, ReadonlySet<string>> | undefined;
/**
 * Whether the official 0.3.0 WIT's \`iface\` takes \`name\` (jco's name) from \`from\` with \`use\`
 * (wasi:clocks/monotonic-clock's \`use types.{duration}\`): jco's 0.3 bindings of \`iface\` still export it.
 */
export function usedIn03(iface: string, name: string, from: string): boolean {
  if (!uses03) {
    const all = new Map<string, Set<string>>();
    for (const [pkg, file] of Object.entries(officialWitPackages('0.3.0'))) {
      const parsed = parseFile({ path: file, text: officialWitText('0.3.0', pkg)! }).file;
      for (const it of parsed?.items ?? []) {
        if (it.kind !== 'interface') continue;
        const set = new Set<string>();
        all.set(`wasi:${pkg}/${it.name.name}`, set);
        for (const u of it.items) {
          if (u.kind !== 'use') continue;
          const src = u.path.kind === 'package' ? `${u.path.package.namespace.name}:${u.path.package.name.name}/${u.path.name.name}` : `wasi:${pkg}/${u.path.name.name}`;
          for (const n of u.names) if (!n.as) set.add(`${src}.${typeName(n.name.name)}`);
        }
      }
    }
    uses03 = all;
  }
  return uses03.get(iface)?.has(`${from}.${name}`) ?? false;
}
