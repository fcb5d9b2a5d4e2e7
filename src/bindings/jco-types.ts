/**
 * jco's own TypeScript declaration generator (`generateHostTypes` /
 * `generateGuestTypes` of @bytecodealliance/jco-transpile, the code behind
 * `jco types` and `jco guest-types`), called in-process.
 *
 * jco-transpile reads WIT through its own nested preview2-shim, whose
 * filesystem has no preopened directories until someone sets them (the reason
 * the jco 1.35 CLI `types` command fails). We set `/` once on that very shim
 * instance, resolved from jco-transpile's location, not from ours.
 *
 * src/exec/jco-types.ts (the executor's) covers guest types of a single world
 * file; this one also does host types with their options, which declaration
 * trees need. They share the same loading trick and may be merged.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/** How a declaration tree was generated: `jco guest-types`, or `jco types` (with or without `--instantiation`). */
export type TypesFlavour =
  | { readonly kind: 'guest' }
  | { readonly kind: 'host'; readonly instantiation?: 'async' | 'sync' };

export interface TypesRequest {
  /** A package folder (its `.wit` files and `deps/`) or one `.wit` file. */
  readonly witPath: string;
  /** World name as wit-parser selects it (`kv`, or `acme:kv/kv`). */
  readonly world: string;
  /** Base name of the world's `.d.ts` (jco's `--name`); jco uses the world name when absent. */
  readonly name?: string;
  readonly flavour: TypesFlavour;
}

interface JcoTypegen {
  generateHostTypes(witPath: string, opts: Record<string, unknown>): Promise<Record<string, Uint8Array>>;
  generateGuestTypes(witPath: string, opts: Record<string, unknown>): Promise<Record<string, Uint8Array>>;
}

const here = createRequire(import.meta.url);
let loaded: Promise<JcoTypegen> | undefined;

function typegen(): Promise<JcoTypegen> {
  loaded ??= (async () => {
    const fromJco = createRequire(here.resolve('@bytecodealliance/jco'));
    const transpileEntry = fromJco.resolve('@bytecodealliance/jco-transpile');
    const fromTranspile = createRequire(transpileEntry);
    const fsShim = (await import(pathToFileURL(fromTranspile.resolve('@bytecodealliance/preview2-shim/filesystem')).href)) as {
      _setPreopens(p: Record<string, string>): void;
    };
    fsShim._setPreopens({ '/': '/' });
    return (await import(pathToFileURL(transpileEntry).href)) as JcoTypegen;
  })();
  return loaded;
}

/** jco's declaration files for the request: path relative to the output folder (`kv.d.ts`, `interfaces/wasi-io-poll.d.ts`) to text. */
export async function generateTypes(req: TypesRequest): Promise<Record<string, string>> {
  const jco = await typegen();
  const opts: Record<string, unknown> = { worldName: req.world };
  if (req.name) opts.name = req.name;
  let bytes: Record<string, Uint8Array>;
  if (req.flavour.kind === 'guest') bytes = await jco.generateGuestTypes(req.witPath, opts);
  else {
    if (req.flavour.instantiation) opts.instantiation = req.flavour.instantiation;
    bytes = await jco.generateHostTypes(req.witPath, opts);
  }
  const dec = new TextDecoder();
  return Object.fromEntries(Object.entries(bytes).map(([k, v]) => [k, dec.decode(v)]));
}
