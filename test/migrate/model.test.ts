/** The resolved model the engine hands to rules (ctx.model), and the warning when a package does not resolve. */
import { migratePackage, type PackageInput } from '../../src/migrate/engine.js';
import { migrateInput } from '../../src/migrate/run.js';
import type { PackageModel, Rule } from '../../rules/types.js';
import { ioNamesIn, scopes } from '../../rules/util.js';

const input = (text: string, depFiles: Record<string, string> = {}): PackageInput => ({ label: 'x', files: { 'a.wit': text }, deps: [], depFiles, extraFiles: {} });

/** A rule that only records what it was given. */
function probe(seen: (PackageModel | undefined)[]): Rule {
  return { id: 'probe', number: 99, summary: '', docs: '', kind: 'mechanical', cases: [], apply: (ctx) => (seen.push(ctx.model), { edits: [], reviews: [] }) };
}

const ALIASED = `package my:app@0.1.0;

interface io-types {
  use wasi:io/poll@0.2.3.{pollable};
}

interface api {
  use io-types.{pollable as p};
  type tick = p;
  ready: func() -> tick;
}
`;

it('rules get the package resolved with jco stand-ins for wasi:* deps it does not vendor, from the syntax nodes they walk', () => {
  const seen: (PackageModel | undefined)[] = [];
  migratePackage(input(ALIASED), [[probe(seen)]]);
  const m = seen[0]!;
  expect(m.packageId).toBe('my:app@0.1.0');
  expect(m.resolve.packages.map((p) => `${p.name.namespace}:${p.name.name}@${p.name.version}`)).toEqual(['wasi:io@0.2.3', 'my:app@0.1.0']);
  const api = m.package.interfaces.get('api')!;
  // A resource named in a signature is an owned handle to it (as in wit-parser), here through the alias.
  const result = api.functions.get('ready')!.result;
  expect(typeof result !== 'string' && result?.kind.kind === 'handle' && result.kind.resource).toBe(api.types.get('tick'));
});

it('wasi:io names are known through a local re-export and a type alias', () => {
  const names: string[] = [];
  const lister: Rule = {
    ...probe([]),
    apply: (ctx) => {
      for (const s of scopes(ctx.files)) for (const n of ioNamesIn(ctx, s)) names.push(`${s.name}: ${n.local} = ${n.iface}.${n.name} (${n.kind})`);
      return { edits: [], reviews: [] };
    },
  };
  migratePackage(input(ALIASED), [[lister]]);
  expect(names).toEqual(['io-types: pollable = poll.pollable (use)', 'api: p = poll.pollable (use)', 'api: tick = poll.pollable (alias)']);
});

it('a vendored dep is used as it is, not replaced by a stand-in', () => {
  const seen: (PackageModel | undefined)[] = [];
  const dep = 'package wasi:io@0.2.3;\n\ninterface poll {\n  resource pollable;\n}\n';
  migratePackage(input(ALIASED, { 'deps/io/poll.wit': dep }), [[probe(seen)]]);
  const io = seen[0]!.resolve.packages.find((p) => p.name.name === 'io')!;
  expect([...io.interfaces.keys()]).toEqual(['poll']);
});

it('a package that does not resolve: the rules still run on its syntax and the run records a warning', () => {
  const text = `package my:app@0.1.0;

interface api {
  use wasi:io/poll@0.2.3.{pollable};
  use acme:missing/things@1.0.0.{thing};
  subscribe-tick: func(t: thing) -> pollable;
}
`;
  const res = migrateInput(input(text));
  expect(res.files['a.wit']).toContain('wait-tick: async func(t: thing);');
  expect(res.files['a.wit']).not.toContain('wasi:io');
  expect(res.warnings).toHaveLength(1);
  expect(res.warnings[0]).toMatch(/^the package does not resolve \(a\.wit:5:7: package 'acme:missing@1\.0\.0' not found/);
});

it('a package that resolves gives no warning', () => {
  expect(migrateInput(input(ALIASED)).warnings).toEqual([]);
});
