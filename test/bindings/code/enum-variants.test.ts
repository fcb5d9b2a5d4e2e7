/**
 * bindings/enum-variants' table against the official WIT: every enum of WASI
 * 0.2.12 whose name is a variant in the same package's 0.3.0 is listed, with
 * its 0.2 cases and those no 0.3.0 variant of that name has, and nothing
 * else is.
 */
import { readdirSync } from 'node:fs';
import { resolvePath } from '../../../src/wit/resolve.js';
import { corpusPath } from '../../../src/util/corpus.js';
import { ENUMS_NOW_VARIANTS } from '../../../src/bindings/code/transforms/enum-variants.js';

/** `wasi:<pkg>` -> type name -> its definition, over every interface of the release's packages. */
function typesOf(release: string): Map<string, Map<string, { kind: string; cases: string[] }>> {
  const out = new Map<string, Map<string, { kind: string; cases: string[] }>>();
  const pkgs = readdirSync(corpusPath('wasi', release), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  for (const pkg of pkgs) {
    // The other packages of the release are its deps (wasi:cli uses wasi:clocks...).
    const r = resolvePath(corpusPath('wasi', release, pkg), {}, pkgs.filter((p) => p !== pkg).map((p) => corpusPath('wasi', release, p)));
    expect(r.diagnostics).toEqual([]);
    const types = new Map<string, { kind: string; cases: string[] }>();
    for (const i of r.root.flatMap((p) => [...p.interfaces.values()])) {
      for (const [name, t] of i.types) {
        // Two interfaces of a package may each define one (0.3.0 sockets: types' and ip-name-lookup's error-code): their cases add up.
        if (t.kind.kind === 'enum' || t.kind.kind === 'variant') types.set(name, { kind: t.kind.kind, cases: [...(types.get(name)?.cases ?? []), ...t.kind.cases.map((c) => c.name)] });
      }
    }
    out.set(`wasi:${pkg}`, types);
  }
  return out;
}

it('lists exactly the 0.2 enums that are variants in 0.3.0, with their 0.2 cases', () => {
  const v02 = typesOf('0.2.12');
  const v03 = typesOf('0.3.0');
  const expected: Record<string, Record<string, { cases: string[]; gone: string[] }>> = {};
  for (const [pkg, types] of v02) {
    for (const [name, t] of types) {
      const now = v03.get(pkg)?.get(name);
      if (t.kind === 'enum' && now?.kind === 'variant') (expected[pkg] ??= {})[name] = { cases: t.cases, gone: t.cases.filter((c) => !now.cases.includes(c)) };
    }
  }
  expect(Object.keys(expected).length).toBeGreaterThan(0);
  expect(ENUMS_NOW_VARIANTS).toEqual(expected);
});
