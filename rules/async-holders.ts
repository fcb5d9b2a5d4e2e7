import type * as M from '../src/wit/model.js';
import type * as S from '../src/wit/syntax.js';
import type { Rule, RuleContext, ReviewNote, WitFile } from './types.js';
import { syntaxPackageId } from '../src/wit/resolve.js';
import { isDecided, mentionOf, nameDefinition, refName, resourceFuncs, resources, reviewer, scopeFuncs, scopes, walkType, worlds, writtenThisRun } from './util.js';

const docs = `
A \`func\` that takes a resource whose methods an earlier rule of the run
made \`async func\`s (rules 1, 3, 6, 12, 14: start/finish pairs,
pollables, blocking twins, readiness, blocking I/O) was written for the 0.2 methods, which returned without
suspending. An implementation that calls them now waits, which a \`func\`
cannot do (jco's bindings give an \`async func\` as a \`Promise\`; a sync
export cannot await it). Whether the function calls them or only keeps the
resource or hands it on is a judgement, so each such function is reported,
not changed: an exported or imported function of any interface of the
package, a world's own function, a method or static function of another
resource, holding the resource in a parameter at any depth (\`borrow<r>\`,
\`list<r>\`, a record or variant holding it, a \`type\` alias, a name
\`use\`d from another interface).

A resource of a vendored dep the run ports in place (a non-WASI package
under \`deps/\` that uses WASI 0.2) counts as one of the package's: its
methods that port made \`async func\`s are read from the dep's text before
and after it.

A function that only returns the resource (a factory like \`connect\`) is
not reported: it calls none of the resource's operations on the caller's
behalf. The resource's own methods are the rule that made them async's
concern. A resource's methods that the package already wrote as \`async
func\` are its own 0.3 design: nothing is reported for them.

The resolved package (all \`@unstable\` features on) says what a parameter
holds. Where the package does not resolve, the syntax does: the resource by
its name in its own interface, or by the name a \`use\` of that interface
gives it.
`;

const messages = {
  constructorTakesAsync: '`{{resource}}`\'s constructor takes `{{held}}`, whose {{ops}} the port made `async`: an implementation that calls them waits, which a constructor cannot: make it a `static` `async func` returning `{{resource}}`, or, if it only keeps `{{held}}` or hands it on, mark it `// wasi-migrate(decided): why`',
  takesAsync: '`{{func}}` is a `func`, but it takes `{{resource}}`, whose {{ops}} the port made `async`: an implementation that calls them waits, which a `func` cannot: make `{{func}}` an `async func`, or, if it only keeps `{{resource}}` or hands it on, mark it `// wasi-migrate(decided): why`',
} as const;
const { review } = reviewer(messages);

/** A function of the package as the syntax has it, with the name a note gives it. */
interface Holder {
  readonly file: WitFile;
  readonly node: S.NamedFunc | S.ResourceFunc | S.Extern;
  readonly func: S.Func;
  readonly label: string;
  /** The resource a constructor makes. */
  readonly makes?: string;
  /** Where the note goes (a world's function: its `import`/`export` item, which carries the docs). */
  readonly at: { span: S.Span; docs?: S.Docs };
  /** The items around it (its interface's, or its world's) and the interface's name. */
  readonly items: readonly (S.InterfaceItem | S.WorldItem)[];
  readonly scope?: string;
}

function* holders(ctx: RuleContext): Generator<Holder> {
  for (const scope of scopes(ctx.files)) {
    const file = scope.file;
    const around = { items: scope.items, scope: scope.name };
    for (const fr of scopeFuncs(scope.items)) yield { file, node: fr.item, func: fr.func, label: fr.name.name, at: fr.item, ...around };
    for (const res of resources(scope.items)) {
      for (const fr of resourceFuncs(res)) yield { file, node: fr.item, func: fr.func, label: `${res.name.name}.${fr.name.name}`, at: fr.item, ...around, ...(fr.kind === 'constructor' ? { makes: res.name.name } : {}) };
    }
  }
  for (const { file, world } of worlds(ctx.files)) {
    for (const wi of world.items) {
      if ((wi.kind === 'import' || wi.kind === 'export') && wi.extern.kind === 'func' && !isDecided(file, wi)) yield { file, node: wi.extern, func: wi.extern.func, label: wi.extern.name.name, at: wi, items: world.items };
    }
  }
}

/** The first resource of `targets` a type holds, at any depth, through aliases and the types it defines. */
function held(t: M.Type, targets: ReadonlyMap<M.TypeDef, unknown>, seen = new Set<M.TypeDef>()): M.TypeDef | undefined {
  if (typeof t === 'string' || seen.has(t)) return undefined;
  seen.add(t);
  if (targets.has(t)) return t;
  const k = t.kind;
  const any = (ts: readonly (M.Type | undefined)[]) => {
    for (const x of ts) {
      const r = x === undefined ? undefined : held(x, targets, seen);
      if (r) return r;
    }
    return undefined;
  };
  switch (k.kind) {
    case 'handle': return any([k.resource]);
    case 'type': case 'option': case 'future': case 'stream': return any([k.type]);
    case 'record': return any(k.fields.map((f) => f.type));
    case 'variant': return any(k.cases.map((c) => c.type));
    case 'tuple': return any(k.types);
    case 'result': return any([k.ok, k.err]);
    case 'list': case 'fixed-length-list': return any([k.element]);
    case 'map': return any([k.key, k.value]);
    default: return undefined;
  }
}

/**
 * The names that may hold a resource named in \`seeds\`, by the syntax alone and whatever interface they are in: the
 * resources, the types whose definitions name one of these (records, variants, aliases), and the names a \`use\`
 * gives them. A superset of what the resolved package says holds one.
 */
function holdingNames(ctx: RuleContext, seeds: ReadonlySet<string>, portedIds: ReadonlySet<string>): Set<string> {
  const names = new Set(seeds);
  const defs: { name: string; types: S.Type[] }[] = [];
  const uses: { from: string; to: string }[] = [];
  const read = (items: readonly (S.InterfaceItem | S.WorldItem)[]) => {
    for (const it of items) {
      if (it.kind === 'use') {
        // Anything taken from a dep ported in place whose resources became async may hold one (a record of it).
        const ported = it.path.kind === 'package' && portedIds.has(syntaxPackageId(it.path.package));
        for (const n of it.names) ported ? names.add((n.as ?? n.name).name) : uses.push({ from: n.name.name, to: (n.as ?? n.name).name });
      }
      else if (it.kind === 'type') {
        const types = it.def === 'record' ? it.fields.map((f) => f.type) : it.def === 'variant' ? it.cases.flatMap((c) => (c.type ? [c.type] : [])) : it.def === 'alias' ? [it.type] : [];
        if (types.length) defs.push({ name: it.name.name, types });
      }
    }
  };
  for (const scope of scopes(ctx.files)) read(scope.items);
  for (const { world } of worlds(ctx.files)) read(world.items);
  for (let grew = true; grew; ) {
    grew = false;
    for (const u of uses) if (names.has(u.from) && !names.has(u.to)) names.add(u.to), (grew = true);
    for (const d of defs) if (!names.has(d.name) && mentionOf(d.types, names)) names.add(d.name), (grew = true);
  }
  return names;
}

/**
 * A resource whose methods the run made async: one of the package (\`key\` its node), or of a dep the run ported in
 * place (\`key\` \`<package id>|<interface>|<resource>\`, RuleContext.portedDeps' madeAsync).
 */
interface Target {
  readonly key: object | string;
  readonly name: string;
  readonly ops: readonly string[];
}

const UNSURE = Symbol('unsure');
type Found = Target | undefined | typeof UNSURE;

const foreignKey = (packageId: string, iface: string, resource: string) => `${packageId}|${iface}|${resource}`;

/**
 * What the resolved package would say a candidate's parameters hold (\`held\` over the model: the first resource of
 * \`made\`, parameter by parameter, depth first through the types' definitions), by the syntax alone
 * (nameDefinition); UNSURE where the syntax does not settle a name it meets before that resource. A name of another
 * package holds none of the package's resources (a dep that named the package would make a cycle, which does not
 * resolve); of a dep ported in place (\`foreign\`), it is one of its resources made async, or UNSURE; a WASI
 * package's names hold none.
 */
function paramsHeld(ctx: RuleContext, h: Holder, made: ReadonlyMap<S.Resource, Target>, foreign: ReadonlyMap<string, Target>): Found {
  const seen = new Set<S.TypeDef>();
  const inType = (t: S.Type, file: WitFile, items: Holder['items']): Found => {
    let out: Found;
    walkType(t, (x) => {
      const n = out === undefined ? refName(x) : undefined;
      if (n === undefined) return;
      const d = nameDefinition(ctx.files, file, items, n);
      if (!d) return void (out = UNSURE);
      if (d.kind === 'foreign') {
        if (foreign.size && d.package.namespace.name !== 'wasi') out = foreign.get(foreignKey(syntaxPackageId(d.package), d.iface, d.name)) ?? UNSURE;
        return;
      }
      if (seen.has(d.def)) return;
      seen.add(d.def);
      const def = d.def;
      if (def.def === 'resource') {
        out = made.get(def);
        return;
      }
      const inner = def.def === 'record' ? def.fields.map((f) => f.type) : def.def === 'variant' ? def.cases.flatMap((c) => (c.type ? [c.type] : [])) : def.def === 'alias' ? [def.type] : [];
      for (const y of inner) if ((out = inType(y, d.file, d.items)) !== undefined) return;
    });
    return out;
  };
  for (const p of h.func.params) {
    seen.clear();
    const r = inType(p.type, h.file, h.items);
    if (r !== undefined) return r;
  }
  return undefined;
}

/**
 * The rule; \`syntax: false\` always asks the resolved package (test/migrate/holders-syntax.test.ts compares the two).
 */
export function asyncHolders(ctx: RuleContext, opts: { syntax?: boolean } = {}) {
  const reviews: ReviewNote[] = [];
  // Resources of the package with methods an earlier rule of this run made `async func`s, and those methods.
  const made = new Map<S.Resource, Target>();
  const home = new Map<S.Resource, string>();
  for (const scope of scopes(ctx.files)) {
    for (const res of resources(scope.items)) {
      const ops = res.funcs.filter((m) => m.func.async && writtenThisRun(ctx, scope.file.path, { start: m.func.span.start, end: m.func.span.start + 'async'.length }));
      if (ops.length) made.set(res, { key: res, name: res.name.name, ops: ops.map((m) => m.name.name) });
      home.set(res, scope.name);
    }
  }
  // And those of deps the run ported in place before its phases.
  const foreign = new Map<string, Target>();
  for (const d of ctx.portedDeps ?? []) {
    for (const m of d.madeAsync ?? []) {
      const key = foreignKey(d.packageId, m.iface, m.resource);
      foreign.set(key, { key, name: m.resource, ops: m.ops });
    }
  }
  if (!made.size && !foreign.size) return { edits: [], reviews };
  // Only a function whose parameters name a type that may hold one of them can: most packages have none, and
  // they need no resolve of the package (a phase after rule 12's edits resolves it afresh).
  const portedIds = new Set((ctx.portedDeps ?? []).filter((d) => d.madeAsync?.length).map((d) => d.packageId));
  const names = holdingNames(ctx, new Set([...made.values(), ...foreign.values()].map((t) => t.name)), portedIds);
  const candidates = [...holders(ctx)].filter((h) => !h.func.async && mentionOf(h.func.params.map((p) => p.type), names));
  if (!candidates.length) return { edits: [], reviews };
  const note = (h: Holder, t: Target) => {
    const opsText = t.ops.map((o) => `\`${o}\``).join(', ');
    if (h.makes) reviews.push(review(h.file, h.at, 'constructorTakesAsync', { resource: h.makes, held: t.name, ops: opsText }));
    else reviews.push(review(h.file, h.at, 'takesAsync', { func: h.label, resource: t.name, ops: opsText }));
  };
  // What the syntax proves with or without the model: the resource by its name in its own interface, and by the
  // name a \`use <its interface>.{...}\` gives it in another (a dep's: \`use <its package>/<its interface>.{...}\`).
  const bySyntax = (h: Holder): Target | undefined => {
    const params = h.func.params.map((p) => p.type);
    for (const [res, t] of made) {
      const iface = home.get(res);
      const locals = new Set(h.scope === iface ? [res.name.name] : h.items.flatMap((it) => (it.kind === 'use' && it.path.kind === 'local' && it.path.name.name === iface ? it.names.filter((n) => n.name.name === res.name.name).map((n) => (n.as ?? n.name).name) : [])));
      if (mentionOf(params, locals)) return t;
    }
    for (const it of h.items) {
      if (it.kind !== 'use' || it.path.kind !== 'package') continue;
      for (const n of it.names) {
        const t = foreign.get(foreignKey(syntaxPackageId(it.path.package), it.path.name.name, n.name.name));
        if (t && mentionOf(params, new Set([(n.as ?? n.name).name]))) return t;
      }
    }
    return undefined;
  };
  // The common case needs no resolve: where the syntax settles what every candidate's parameters hold
  // (paramsHeld) and that is what bySyntax says too, the answer is the same whether the package resolves or not.
  if (opts.syntax !== false) {
    const settled: { h: Holder; held: Target | undefined }[] = [];
    for (const h of candidates) {
      const held = paramsHeld(ctx, h, made, foreign);
      if (held === UNSURE || held?.key !== bySyntax(h)?.key) break;
      settled.push({ h, held });
    }
    if (settled.length === candidates.length) {
      for (const { h, held } of settled) if (held) note(h, held);
      return { edits: [], reviews };
    }
  }
  const model = ctx.model;
  if (!model) {
    for (const h of candidates) {
      const t = bySyntax(h);
      if (t) note(h, t);
    }
    return { edits: [], reviews };
  }
  const targets = new Map<M.TypeDef, Target>();
  for (const t of model.resolve.types) {
    const target = t.kind.kind === 'resource' ? made.get(t.origin?.node as S.Resource) : undefined;
    if (target) targets.set(t, target);
  }
  for (const pkg of model.resolve.packages) {
    const id = `${pkg.name.namespace}:${pkg.name.name}${pkg.name.version ? `@${pkg.name.version}` : ''}`;
    for (const [name, iface] of pkg.interfaces) {
      for (const [tname, t] of iface.types) {
        const target = t.kind.kind === 'resource' ? foreign.get(foreignKey(id, name, tname)) : undefined;
        if (target) targets.set(t, target);
      }
    }
  }
  const byNode = new Map<object, M.Function>();
  for (const i of model.resolve.interfaces) for (const fn of i.functions.values()) if (fn.origin) byNode.set(fn.origin.node, fn);
  for (const w of model.resolve.worlds) for (const e of [...w.imports, ...w.exports]) if (e.item.kind === 'function' && e.item.function.origin) byNode.set(e.item.function.origin.node, e.item.function);
  for (const h of candidates) {
    const fn = byNode.get(h.node);
    if (!fn) continue;
    // A method's first parameter is its own `self`.
    const params = fn.kind.kind === 'method' ? fn.params.slice(1) : fn.params;
    let res: M.TypeDef | undefined;
    for (const p of params) if ((res = held(p.type, targets))) break;
    if (res) note(h, targets.get(res)!);
  }
  return { edits: [], reviews };
}

const rule: Rule = {
  id: 'async-holders',
  number: 18,
  summary: 'a `func` taking a resource whose methods the run made `async func`s is reported: an implementation that calls them waits',
  docs,
  messages,
  kind: 'needs-review',
  apply: asyncHolders,
  cases: [
    {
      // wit-realtime (super-stt): `handle` pumps a consumer stream whose operations rule 12 made async; it stayed a `func`.
      name: 'a function of another interface taking a resource whose methods became async: reported; a factory returning it is not',
      with: [12],
      before: `package my:bus@0.1.0;

interface channel {
  use wasi:io/poll@0.2.0.{pollable};
  enum error-code { closed }
  resource inbox {
    receive: func() -> result<string, error-code>;
    subscribe: func() -> pollable;
  }
  open: func(topic: string) -> result<inbox, error-code>;
}

interface server {
  use channel.{inbox as box, error-code};
  record session { name: string, conn: box }
  /// Pumps messages until the inbox closes.
  handle: func(headers: list<string>, conn: box) -> result<_, error-code>;
  serve: func(sessions: list<session>);
  drain: async func(conn: borrow<box>);
  resource relay {
    constructor(source: box);
    forward: func(to: borrow<box>) -> result<_, error-code>;
    name: func() -> string;
  }
}

world bus {
  use channel.{inbox};
  export server;
  export run: func(conn: inbox);
}
`,
      after: `package my:bus@0.1.0;

interface channel {
  use wasi:io/poll@0.2.0.{pollable};
  enum error-code { closed }
  // wasi-migrate(review): \`inbox.subscribe\` signalled readiness, so \`receive\` became an \`async func\` and \`subscribe\` went: check that each one waited for it (an operation that only probed, like a capacity check, may go)
  resource inbox {
    receive: async func() -> result<string, error-code>;
  }
  open: func(topic: string) -> result<inbox, error-code>;
}

interface server {
  use channel.{inbox as box, error-code};
  record session { name: string, conn: box }
  // wasi-migrate(review): \`handle\` is a \`func\`, but it takes \`inbox\`, whose \`receive\` the port made \`async\`: an implementation that calls them waits, which a \`func\` cannot: make \`handle\` an \`async func\`, or, if it only keeps \`inbox\` or hands it on, mark it \`// wasi-migrate(decided): why\`
  /// Pumps messages until the inbox closes.
  handle: func(headers: list<string>, conn: box) -> result<_, error-code>;
  // wasi-migrate(review): \`serve\` is a \`func\`, but it takes \`inbox\`, whose \`receive\` the port made \`async\`: an implementation that calls them waits, which a \`func\` cannot: make \`serve\` an \`async func\`, or, if it only keeps \`inbox\` or hands it on, mark it \`// wasi-migrate(decided): why\`
  serve: func(sessions: list<session>);
  drain: async func(conn: borrow<box>);
  resource relay {
    // wasi-migrate(review): \`relay\`'s constructor takes \`inbox\`, whose \`receive\` the port made \`async\`: an implementation that calls them waits, which a constructor cannot: make it a \`static\` \`async func\` returning \`relay\`, or, if it only keeps \`inbox\` or hands it on, mark it \`// wasi-migrate(decided): why\`
    constructor(source: box);
    // wasi-migrate(review): \`relay.forward\` is a \`func\`, but it takes \`inbox\`, whose \`receive\` the port made \`async\`: an implementation that calls them waits, which a \`func\` cannot: make \`relay.forward\` an \`async func\`, or, if it only keeps \`inbox\` or hands it on, mark it \`// wasi-migrate(decided): why\`
    forward: func(to: borrow<box>) -> result<_, error-code>;
    name: func() -> string;
  }
}

world bus {
  use channel.{inbox};
  export server;
  // wasi-migrate(review): \`run\` is a \`func\`, but it takes \`inbox\`, whose \`receive\` the port made \`async\`: an implementation that calls them waits, which a \`func\` cannot: make \`run\` an \`async func\`, or, if it only keeps \`inbox\` or hands it on, mark it \`// wasi-migrate(decided): why\`
  export run: func(conn: inbox);
}
`,
      reviews: ['`handle` is a `func`, but it takes `inbox`', '`serve` is a `func`', '`relay`\'s constructor takes `inbox`', '`relay.forward` is', '`run` is a `func`'],
    },
    {
      // A dep no one vendored: the package does not resolve, and the rule reads the syntax alone.
      name: 'a package that does not resolve: a function taking the resource by its `use`d name is still reported',
      with: [12],
      before: `package my:bus@0.1.0;

interface channel {
  use wasi:io/poll@0.2.0.{pollable};
  use acme:missing/api@1.0.0.{token};
  resource inbox {
    receive: func(t: token) -> result<string, string>;
    subscribe: func() -> pollable;
  }
}

interface server {
  use channel.{inbox as box};
  handle: func(conn: borrow<box>) -> result<_, string>;
}
`,
      after: `package my:bus@0.1.0;

interface channel {
  use wasi:io/poll@0.2.0.{pollable};
  use acme:missing/api@1.0.0.{token};
  // wasi-migrate(review): \`inbox.subscribe\` signalled readiness, so \`receive\` became an \`async func\` and \`subscribe\` went: check that each one waited for it (an operation that only probed, like a capacity check, may go)
  resource inbox {
    receive: async func(t: token) -> result<string, string>;
  }
}

interface server {
  use channel.{inbox as box};
  // wasi-migrate(review): \`handle\` is a \`func\`, but it takes \`inbox\`, whose \`receive\` the port made \`async\`: an implementation that calls them waits, which a \`func\` cannot: make \`handle\` an \`async func\`, or, if it only keeps \`inbox\` or hands it on, mark it \`// wasi-migrate(decided): why\`
  handle: func(conn: borrow<box>) -> result<_, string>;
}
`,
      reviews: ['`handle` is a `func`, but it takes `inbox`'],
    },
    {
      // The model is resolved with every feature on: a gated function is there, and reported as any other.
      name: 'a function gated out by an `@unstable` feature is still reported',
      with: [12],
      before: `package my:bus@0.1.0;

interface channel {
  use wasi:io/poll@0.2.0.{pollable};
  resource inbox {
    receive: func() -> result<string, string>;
    subscribe: func() -> pollable;
  }
  @unstable(feature = pumps)
  pump: func(conn: inbox);
}
`,
      after: `package my:bus@0.1.0;

interface channel {
  use wasi:io/poll@0.2.0.{pollable};
  // wasi-migrate(review): \`inbox.subscribe\` signalled readiness, so \`receive\` became an \`async func\` and \`subscribe\` went: check that each one waited for it (an operation that only probed, like a capacity check, may go)
  resource inbox {
    receive: async func() -> result<string, string>;
  }
  // wasi-migrate(review): \`pump\` is a \`func\`, but it takes \`inbox\`, whose \`receive\` the port made \`async\`: an implementation that calls them waits, which a \`func\` cannot: make \`pump\` an \`async func\`, or, if it only keeps \`inbox\` or hands it on, mark it \`// wasi-migrate(decided): why\`
  @unstable(feature = pumps)
  pump: func(conn: inbox);
}
`,
      reviews: ['`pump` is a `func`, but it takes `inbox`'],
    },
    {
      name: 'a resource the package wrote with async methods is its own 0.3 design: nothing reported',
      before: `package my:bus@0.1.0;

interface channel {
  resource inbox {
    receive: async func() -> result<string, string>;
  }
  handle: func(conn: inbox) -> result<_, string>;
}
`,
    },
    {
      name: 'a function marked decided is not reported again',
      with: [12],
      before: `package my:bus@0.1.0;

interface channel {
  use wasi:io/poll@0.2.0.{pollable};
  resource inbox {
    receive: func() -> result<string, string>;
    subscribe: func() -> pollable;
  }
  // wasi-migrate(decided): only stores the inbox for later calls
  register: func(conn: inbox);
}
`,
      after: `package my:bus@0.1.0;

interface channel {
  use wasi:io/poll@0.2.0.{pollable};
  // wasi-migrate(review): \`inbox.subscribe\` signalled readiness, so \`receive\` became an \`async func\` and \`subscribe\` went: check that each one waited for it (an operation that only probed, like a capacity check, may go)
  resource inbox {
    receive: async func() -> result<string, string>;
  }
  // wasi-migrate(decided): only stores the inbox for later calls
  register: func(conn: inbox);
}
`,
    },
    {
      // A dep the run ports in place (deps/chan uses wasi:io): rule 12 made its inbox's `receive` async there; the main
      // package's functions taking it were not reported (stop 52).
      name: 'a resource of a dep ported in place whose methods became async: the main package\'s functions taking it are reported',
      with: [12, 9],
      before: {
        'app.wit': `package my:app@0.1.0;

interface server {
  use acme:chan/channel@1.0.0.{inbox, session};
  handle: func(conn: borrow<inbox>) -> result<_, string>;
  serve: func(s: list<session>);
  name: func() -> string;
}

world app {
  export server;
}
`,
        'deps/chan/chan.wit': `package acme:chan@1.0.0;

interface channel {
  use wasi:io/poll@0.2.12.{pollable};
  resource inbox {
    receive: func() -> result<string, string>;
    subscribe: func() -> pollable;
  }
  record session { name: string, conn: inbox }
}
`,
      },
      after: {
        'app.wit': `// wasi-migrate(review): vendored acme:chan@1.0.0 (deps/chan) was ported in place: if it is another publisher's package (a platform's host API), its worlds say what their host provides and fetching it again brings their text back; use their release for WASI 0.3, or keep theirs as it was
package my:app@0.1.0;

interface server {
  use acme:chan/channel@1.0.0.{inbox, session};
  // wasi-migrate(review): \`handle\` is a \`func\`, but it takes \`inbox\`, whose \`receive\` the port made \`async\`: an implementation that calls them waits, which a \`func\` cannot: make \`handle\` an \`async func\`, or, if it only keeps \`inbox\` or hands it on, mark it \`// wasi-migrate(decided): why\`
  handle: func(conn: borrow<inbox>) -> result<_, string>;
  // wasi-migrate(review): \`serve\` is a \`func\`, but it takes \`inbox\`, whose \`receive\` the port made \`async\`: an implementation that calls them waits, which a \`func\` cannot: make \`serve\` an \`async func\`, or, if it only keeps \`inbox\` or hands it on, mark it \`// wasi-migrate(decided): why\`
  serve: func(s: list<session>);
  name: func() -> string;
}

world app {
  export server;
}
`,
        'deps/chan/chan.wit': `package acme:chan@1.0.0;

interface channel {
  use wasi:io/poll@0.2.12.{pollable};
  // wasi-migrate(review): \`inbox.subscribe\` signalled readiness, so \`receive\` became an \`async func\` and \`subscribe\` went: check that each one waited for it (an operation that only probed, like a capacity check, may go)
  resource inbox {
    receive: async func() -> result<string, string>;
  }
  record session { name: string, conn: inbox }
}
`,
      },
      reviews: ['`handle` is a `func`, but it takes `inbox`, whose `receive` ', '`serve` is a `func`, but it takes `inbox`, whose `receive` t'],
    },
  ],
};

export default rule;
