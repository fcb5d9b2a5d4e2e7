/**
 * Issue 13 item 2: no output mixes 0.2 and 0.3 in one signature. A function
 * that is `async`, or whose signature or type holds a `stream`, a `future`
 * or an `error-context` (the Component Model's async built-ins),
 * or a name of a WASI 0.3 package, must not also hold a wasi:io 0.2 resource
 * (`input-stream`, `output-stream`, `pollable`, wasi:io's `error`) or another
 * WASI 0.2 package's name. Checked on everything the rules write:
 * every rule case (wasi:io only: a case runs one rule, before rule 8 moves
 * the other packages), every official 0.2 release, every third-party tree, and
 * shapes made to tempt each rule into mixing (0.2 resources in results,
 * parameters, sequences, futures and readiness resources).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { rules } from '../../rules/index.js';
import type * as S from '../../src/wit/syntax.js';
import { scopes, resources, walkType, worlds, type Scope } from '../../rules/util.js';
import { caseFiles } from '../../src/migrate/cases.js';
import { migratePackage, scanDeps } from '../../src/migrate/engine.js';
import { pipeline } from '../../rules/index.js';
import { findPackages, loadPackage } from '../../src/migrate/load.js';
import { migrateInput } from '../../src/migrate/run.js';
import { parseFile } from '../../src/wit/parser.js';
import { corpusPath } from '../../src/util/corpus.js';

/** The wasi:io 0.2 names a scope's or a world's own `use`s bring, by the test's own reading. */
interface WasiNames {
  /** wasi:io's names, and those of any other WASI 0.2 package. */
  readonly old: Set<string>;
  /** The names of WASI 0.3 packages. */
  readonly neu: Set<string>;
}

/**
 * The WASI names a scope's or a world's own `use`s bring, by the test's own reading: wasi:io's (at any
 * version), and with `all` those of every other WASI 0.2 package as old and of WASI 0.3 packages as new.
 * A rule case runs one rule, before rule 8 moves the other packages' references: there only wasi:io counts.
 */
function wasiNames(items: readonly (S.InterfaceItem | S.WorldItem)[], all: boolean): WasiNames {
  const out: WasiNames = { old: new Set(), neu: new Set() };
  for (const it of items) {
    if (it.kind !== 'use' || it.path.kind !== 'package' || it.path.package.namespace.name !== 'wasi') continue;
    const version = it.path.package.version?.text ?? '';
    const io = it.path.package.name.name === 'io';
    const to = io || (all && version.startsWith('0.2.')) ? out.old : all && version.startsWith('0.3.') ? out.neu : undefined;
    for (const n of it.names) to?.add((n.as ?? n.name).name);
  }
  return out;
}

/**
 * A checker of signatures and types against the scope's WASI names, adding `where.label` to `out` for each
 * that mixes: a 0.2 name beside an async function, a stream, a future, an error-context or a 0.3 name.
 */
function checker(names: WasiNames, where: string, out: string[]) {
  return (label: string, types: readonly S.Type[], async = false) => {
    let old = false;
    let neu = async;
    for (const t of types) walkType(t, (x) => {
      if (x.kind === 'name' || x.kind === 'own' || x.kind === 'borrow') {
        if (names.old.has(x.name.name)) old = true;
        if (names.neu.has(x.name.name)) neu = true;
      }
      if (x.kind === 'future' || x.kind === 'stream' || (x.kind === 'primitive' && x.name === 'error-context')) neu = true;
    });
    if (old && neu) out.push(`${where}.${label}`);
  };
}

/**
 * `file: item` for every function or type of the main package's files (interfaces, and worlds' own functions
 * and types) that mixes wasi:io (with `all`: any WASI 0.2 name) with 0.3 constructs.
 */
function mixing(files: Readonly<Record<string, string>>, all = true): string[] {
  const parsed = Object.entries(files).filter(([p]) => p.endsWith('.wit') && !p.startsWith('deps/')).map(([p, text]) => ({ path: p, text, file: parseFile({ path: p, text }).file! }));
  const out: string[] = [];
  for (const scope of scopes(parsed)) {
    const names = wasiNames(scope.items, all);
    if (names.old.size) checkScope(scope, checker(names, `${scope.file.path}: ${scope.name}`, out));
  }
  for (const { file, world } of worlds(parsed)) {
    const names = wasiNames(world.items, all);
    if (!names.old.size) continue;
    const check = checker(names, `${file.path}: world ${world.name.name}`, out);
    for (const it of world.items) {
      if ((it.kind === 'import' || it.kind === 'export') && it.extern.kind === 'func') check(it.extern.name.name, sig(it.extern.func), it.extern.func.async);
      if (it.kind === 'type') checkType(it, check);
    }
  }
  return out;
}

const sig = (f: S.Func) => [...f.params.map((p) => p.type), ...(f.result ? [f.result] : [])];

function checkType(it: S.TypeDef, check: (label: string, types: readonly S.Type[], async?: boolean) => void): void {
  if (it.def === 'alias') check(it.name.name, [it.type]);
  if (it.def === 'record') check(it.name.name, it.fields.map((f) => f.type));
  if (it.def === 'variant') check(it.name.name, it.cases.flatMap((c) => (c.type ? [c.type] : [])));
}

function checkScope(scope: Scope, check: (label: string, types: readonly S.Type[], async?: boolean) => void): void {
  for (const it of scope.items) {
    if (it.kind === 'func') check(it.name.name, sig(it.func), it.func.async);
    if (it.kind === 'type') checkType(it, check);
  }
  for (const r of resources(scope.items)) for (const f of r.funcs) check(`${r.name.name}.${f.name.name}`, sig(f.func), f.func.async);
}

const TEMPTING: Record<string, string> = {
  "wasi:http 0.2 names with and without a 0.3.0 counterpart in one signature (roxy's addon WIT)": `package my:proxy@0.1.0;

interface chain {
  use wasi:http/types@0.2.0.{outgoing-request, future-incoming-response, error-code, fields};
  record pending { id: u32, f: future-incoming-response }
  next: func(req: outgoing-request) -> result<future-incoming-response, error-code>;
  track: func(req: borrow<outgoing-request>, extra: fields) -> pending;
  headers: func(req: borrow<outgoing-request>) -> fields;
}
`,
  "a world's own functions and types (rules 3, 4, 5 port a world's own functions)": `package my:mix@0.1.0;

world host {
  use wasi:io/poll@0.2.12.{pollable};
  use wasi:io/streams@0.2.12.{input-stream, output-stream};
  enum error-code { closed }
  record job { input: input-stream, done: pollable }
  import pipe: func(src: input-stream) -> result<output-stream, error-code>;
  import sink-for: func(p: borrow<pollable>) -> result<output-stream, error-code>;
  import subscribe-data: func(src: borrow<input-stream>) -> pollable;
  import subscribe-tick: func(ms: u64) -> pollable;
  export open-log: func(name: string) -> result<output-stream, error-code>;
  export feed: func(data: input-stream, echo: borrow<output-stream>) -> result<_, error-code>;
  export run: func(j: job) -> result<_, error-code>;
}
`,
  "an io error beside 0.2 streams no rule ports (wasi-tls 0.2.0-draft's shape)": `package my:tls@0.1.0;

interface types {
  use wasi:io/poll@0.2.12.{pollable};
  use wasi:io/streams@0.2.12.{input-stream, output-stream};
  use wasi:io/error@0.2.12.{error as io-error};
  resource client-connection {
    close-output: func();
  }
  resource future-client-streams {
    subscribe: func() -> pollable;
    get: func() -> option<result<result<tuple<client-connection, input-stream, output-stream>, io-error>>>;
  }
  last-error: func(out: borrow<output-stream>) -> option<io-error>;
  describe: func(err: borrow<io-error>) -> string;
}
`,
  'results and parameters': `package my:mix@0.1.0;

interface conn {
  use wasi:io/poll@0.2.12.{pollable};
  use wasi:io/streams@0.2.12.{input-stream, output-stream};
  enum error-code { refused }
  resource connection;
  resource future-conn {
    subscribe: func() -> pollable;
    get: func() -> option<result<result<tuple<connection, input-stream, output-stream>, error-code>>>;
  }
  dial: func(to: string) -> result<future-conn, error-code>;
  start-open: func(to: string, log: borrow<output-stream>) -> result<_, error-code>;
  finish-open: func() -> result<connection, error-code>;
  send-from: func(src: borrow<input-stream>, echo: borrow<output-stream>) -> result<future<result<u64, error-code>>, error-code>;
  record job { input: option<input-stream>, out: output-stream }
  run: func(stdin: option<input-stream>) -> result<_, string>;
}
`,
  'sequences and readiness': `package my:mix@0.1.0;

interface rows {
  use wasi:io/poll@0.2.12.{pollable};
  use wasi:io/streams@0.2.12.{input-stream, output-stream};
  enum error-code { closed }
  resource row-stream {
    next: func() -> result<option<input-stream>, error-code>;
    subscribe: func() -> pollable;
  }
  resource inbox {
    receive-into: func(out: borrow<output-stream>) -> result<u32, error-code>;
    subscribe: func() -> pollable;
  }
  resource file {
    copy-to: func(dst: borrow<output-stream>) -> result<u64, error-code>;
    blocking-copy-to: func(dst: borrow<output-stream>) -> result<u64, error-code>;
    read-via-stream: func() -> result<input-stream, error-code>;
    size: func() -> result<u64, error-code>;
    pipe: func(dst: borrow<output-stream>) -> result<u64, error-code>;
  }
  open: func() -> row-stream;
}
`,
};

it('the check is real: it finds a mixed signature in an interface and among a world\'s own functions and types', () => {
  const text = `package my:mix@0.1.0;

interface i {
  use wasi:io/streams@0.2.12.{input-stream};
  f: async func(s: input-stream);
}

world w {
  use wasi:io/streams@0.2.12.{input-stream};
  use wasi:io/poll@0.2.12.{pollable};
  record r { s: input-stream, f: future<u32> }
  import g: func(s: input-stream) -> future<u32>;
  export h: async func() -> pollable;
}

interface http {
  use wasi:http/types@0.2.0.{future-incoming-response};
  use wasi:http/types@0.3.0.{request};
  send: func(r: request) -> future-incoming-response;
}
`;
  expect(mixing({ 'x.wit': text })).toEqual(['x.wit: i.f', 'x.wit: http.send', 'x.wit: world w.r', 'x.wit: world w.g', 'x.wit: world w.h']);
  // A rule case is read for wasi:io alone.
  expect(mixing({ 'x.wit': text }, false)).toEqual(['x.wit: i.f', 'x.wit: world w.r', 'x.wit: world w.g', 'x.wit: world w.h']);
});

// An input that already mixed (a case made to show it is left alone) is the user's, not the rules'.
it.each(rules.flatMap((r) => r.cases.filter((c) => c.after !== undefined).map((c) => [`${r.id}: ${c.name}`, c] as const)))('rule case %s', (_name, c) => {
  const before = new Set(mixing(caseFiles(c.before), false));
  expect(mixing(caseFiles(c.after!), false).filter((m) => !before.has(m))).toEqual([]);
});

it.each(Object.entries(TEMPTING))('shapes made to tempt the rules: %s', (_name, text) => {
  const res = migratePackage({ label: 'x', files: { 'x.wit': text }, deps: scanDeps({}), depFiles: {}, extraFiles: {} }, pipeline());
  const before = new Set(mixing({ 'x.wit': text }));
  expect(mixing(res.files).filter((m) => !before.has(m))).toEqual([]);
  // Each shape was really there to tempt: the rules changed the package and reported what they left.
  expect(res.changes.length).toBeGreaterThan(0);
  expect(res.reviews.length).toBeGreaterThan(0);
});

const CORPUS = corpusPath('thirdparty');
const WASI = corpusPath('wasi');
const trees = [
  ...readdirSync(WASI).filter((v) => /^0\.2\./.test(v)).flatMap((v) => readdirSync(path.join(WASI, v)).map((p) => path.join(WASI, v, p))),
  ...readdirSync(path.join(CORPUS, 'wit')).map((n) => path.join(CORPUS, 'wit', n)),
  ...readdirSync(path.join(CORPUS, 'code')).map((n) => path.join(CORPUS, 'code', n)),
];

it.each(trees.map((t) => [path.relative(path.dirname(CORPUS), t), t] as const))('%s', (_name, dir) => {
  const found: string[] = [];
  for (const pkg of findPackages(dir)) found.push(...mixing(migrateInput(loadPackage(pkg)).files));
  expect(found).toEqual([]);
}, 120000);
