/**
 * Recognising a jco-generated declaration file by its first lines (jco 1.35):
 *
 * - `jco types` (host), interface: `/** @module Interface ns:pkg/iface@v **\/`
 * - `jco types` (host), world: `// world ns:pkg/world@v`; with
 *   `--instantiation` it also declares `export function instantiate(`, twice
 *   (the second overload with `Promise`s) for `async`, once for `sync`.
 * - `jco guest-types`, interface or world: `/// <reference path="..." />`
 *   lines, then `declare module 'ns:pkg/name@v' {`. A world file sits beside
 *   the `interfaces/` folder, an interface file inside it.
 *
 * Only the header is read: anything else in the file is jco's business, and
 * the whole file is compared with jco's output later.
 */
import type { TypesFlavour } from '../../jco/types.js';

export interface Marker {
  readonly role: 'interface' | 'world';
  /** The WIT id the file was generated for, e.g. `wasi:io/poll@0.2.0` or `acme:kv/kv@0.1.0`. */
  readonly id: string;
  readonly flavour: TypesFlavour;
}

const ID = String.raw`([a-z][a-z0-9-]*:[a-z][a-z0-9-]*(?:\/[a-z%][a-z0-9-]*)?(?:@[0-9][0-9A-Za-z.+-]*)?)`;
const HOST_INTERFACE = new RegExp(String.raw`^\/\*\* @module Interface ${ID} \*\*\/\r?$`);
const HOST_WORLD = new RegExp(String.raw`^\/\/ world ${ID}\r?$`);
const GUEST_MODULE = new RegExp(String.raw`^declare module '${ID}' \{\r?$`);
const REFERENCE = /^\/\/\/ <reference path="[^"]*" \/>\r?$/;

/** What a `.d.ts` file is, from its header; undefined for a file jco did not generate. `inInterfacesDir`: the file is in an `interfaces/` folder. */
export function readMarker(text: string, inInterfacesDir: boolean): Marker | undefined {
  const lines = text.split('\n', 200);
  const first = lines[0] ?? '';
  let m = HOST_INTERFACE.exec(first);
  if (m) return inInterfacesDir ? { role: 'interface', id: m[1]!, flavour: { kind: 'host' } } : undefined;
  m = HOST_WORLD.exec(first);
  if (m) {
    if (inInterfacesDir) return undefined;
    const overloads = text.match(/^export function instantiate\($/gm)?.length ?? 0;
    const flavour: TypesFlavour = overloads === 0 ? { kind: 'host' } : { kind: 'host', instantiation: overloads > 1 ? 'async' : 'sync' };
    return { role: 'world', id: m[1]!, flavour };
  }
  let i = 0;
  while (i < lines.length && REFERENCE.test(lines[i]!)) i++;
  m = GUEST_MODULE.exec(lines[i] ?? '');
  if (m) return { role: inInterfacesDir ? 'interface' : 'world', id: m[1]!, flavour: { kind: 'guest' } };
  return undefined;
}

export function describeFlavour(f: TypesFlavour): string {
  return f.kind === 'guest' ? 'jco guest-types' : f.instantiation ? `jco types --instantiation ${f.instantiation}` : 'jco types';
}

/** `wasi:io/poll@0.2.0` names a WASI 0.2 item. */
export function isWasi02(id: string): boolean {
  return /^wasi:[^@]*@0\.2\./.test(id);
}
