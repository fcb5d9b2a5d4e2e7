/**
 * The migration engine: runs the rules over one package, phase by phase.
 *
 * A phase is a list of rules that read the same text; their edits are merged
 * (an overlap is an EditConflict naming both rules) and applied, then the
 * next phase parses the result afresh. The default pipeline puts each rule in
 * its own phase, in an order where later rules see what earlier ones made
 * (fold pairs before streams are rewritten, wasi:io uses go only after every
 * rule had its chance to remove what needed them). Review notes and edit
 * locations are carried forward through later phases' edits; markers are
 * placed at the end, so rules never see them as edits.
 *
 * Each phase's rules also get the package resolved (package-model.ts), read
 * lazily: only a rule that asks what a name refers to pays for it, once per
 * text (a phase that changed nothing hands its parse and model on). A package
 * that does not resolve when a rule asks is a warning (the rules then read
 * the syntax alone), never a failure.
 */
import { posix } from 'node:path';
import { render } from '../wit/diagnostics.js';
import type * as S from '../wit/syntax.js';
import type { DepEntry, FileOp, PackageModel, Rule, RuleContext, WitFile } from '../../rules/types.js';
import type { MessageData } from '../util/messages.js';
import { badBump } from '../../rules/gates.js';
import { wasiCopyOf } from '../../rules/vendored-deps.js';
import { depPackagesForRules, parseCached, resolveForRules } from './package-model.js';
import { parseFile } from '../wit/parser.js';
import { declarations, wasiRefs, type PackageDecl } from '../wit/text-scan.js';
import { apply, insertMarkers, keepCommentColumns, lineOf, lineStart, mapOffset, mappedEditSpans, mergeEdits, tidyDeletions, unmapOffset, type OwnedEdit } from './edits.js';
import { decidedAt } from '../wit/decided.js';
import { byCodeUnit } from '../util/order.js';
import { once } from '../util/once.js';
import { allTypes, funcGroups, funcTypes, hasType, scopes, worlds } from '../../rules/util.js';
import { leftovers } from './leftovers.js';

export interface PackageInput {
  /** Shown in messages (the path the user gave). */
  readonly label: string;
  /** The main package's `.wit` files: path relative to the package root -> text. */
  readonly files: Readonly<Record<string, string>>;
  readonly deps: readonly DepEntry[];
  /** Every file under `deps/` (relative path -> text), for validation. */
  readonly depFiles: Readonly<Record<string, string>>;
  /** Other files rules may edit (`deps.toml`). */
  readonly extraFiles: Readonly<Record<string, string>>;
  /** The entry names of each plain folder in `deps/`, as the loader listed them (readPackageTree). */
  readonly depEntries?: Readonly<Record<string, readonly string[]>>;
  /** wit-deps' manifests inside `deps/` folders (`deps/<dir>/deps.toml` -> text), as the loader read them (readPackageTree). */
  readonly depManifests?: Readonly<Record<string, string>>;
  /** The package folder as messages show it (relative to the working directory), so `file:line:col` opens; absent: paths relative to the package root. */
  readonly shownRoot?: string;
}

export interface MigrateOptions {
  readonly bump?: string;
  /** Parses of the package's own files to share with another run over the same package (run.ts: the run and its idempotency run); default: this run's own. */
  readonly trees?: ParseScope;
  /** Whether the package is written for 0.3 (Rule.readsConvention); default: judged on this run's input. The idempotency run gets its first run's judgement. */
  readonly writtenFor03?: boolean;
  /** Files of packages that use this one (RuleContext.users): the main package and the other deps, for a vendored dep ported in place. */
  readonly users?: readonly WitFile[];
}

/**
 * Parse results of a package's own files, by text then path, kept for as long
 * as the caller keeps this map: one package's runs. Its intermediate texts are
 * never seen again, so in the run-wide cache (parseCached, for the deps every
 * package shares) they only outlived the package: a large share of what the
 * garbage collector copied and promoted.
 */
export type ParseScope = Map<string, Map<string, ParseResult>>;
type ParseResult = ReturnType<typeof parseFile>;

export interface FileChange {
  readonly path: string;
  /** Undefined for a file the run creates. */
  readonly before: string | undefined;
  /** Undefined for a file (or folder, when `dir`) the run deletes. */
  readonly after: string | undefined;
  readonly dir?: boolean;
  readonly rules: string[];
}

export interface EditRecord {
  readonly rule: string;
  readonly file: string;
  readonly line: number;
  readonly note: string;
}

export interface ReviewRecord {
  readonly rule: string;
  readonly file: string;
  readonly line: number;
  /** The rule's message id and its data (rules/types.ts ReviewNote), when the rule named one. */
  readonly messageId?: string;
  readonly data?: MessageData;
  readonly message: string;
}

export interface MigrateResult {
  readonly label: string;
  /** Only files whose text changes (or that are created/deleted). */
  readonly changes: FileChange[];
  readonly edits: EditRecord[];
  readonly reviews: ReviewRecord[];
  /** The main files after each phase (index 0: the input), to find the rule behind an invalid output. */
  readonly snapshots: { readonly rule: string; readonly files: Record<string, string>; readonly depFiles: Record<string, string> }[];
  /** Final main files (markers included) and final deps files. */
  readonly files: Record<string, string>;
  readonly depFiles: Record<string, string>;
  readonly extraFiles: Record<string, string>;
  /** Problems that did not stop the run (the package did not resolve, so rules read its syntax alone). */
  readonly warnings: string[];
  /** Whether the input was judged written for 0.3 (Rule.readsConvention). */
  readonly writtenFor03: boolean;
}

export class MigrateError extends Error {
  constructor(message: string, readonly rule?: string) {
    super(message);
  }
}

export function parseFiles(files: Readonly<Record<string, string>>, afterRule: string | undefined, trees: ParseScope = new Map(), shownRoot?: string): WitFile[] {
  const out: WitFile[] = [];
  for (const path of Object.keys(files).sort(byCodeUnit)) {
    const text = files[path]!;
    let byPath = trees.get(text);
    if (!byPath) trees.set(text, (byPath = new Map()));
    let r = byPath.get(path);
    if (!r) byPath.set(path, (r = parseFile({ path, text })));
    if (r.diagnostics.length || !r.file) {
      const shown = r.diagnostics.map((d) => render(shownRoot ? { ...d, file: posix.join(shownRoot, d.file) } : d, text)).join('\n');
      throw new MigrateError(afterRule ? `rule \`${afterRule}\` produced WIT our parser rejects:\n${shown}` : `input does not parse:\n${shown}`, afterRule);
    }
    out.push({ path, text, file: r.file });
  }
  return out;
}

interface Anchor {
  rule: string;
  file: string;
  offset: number;
  messageId?: string;
  data?: MessageData;
  message: string;
}

export function migratePackage(input: PackageInput, phases: readonly (readonly Rule[])[], opts: MigrateOptions = {}): MigrateResult {
  const bad = opts.bump === undefined ? undefined : badBump(opts.bump);
  if (bad) throw new MigrateError(bad);
  const trees = opts.trees ?? new Map();
  let files: Record<string, string> = { ...input.files };
  let extra: Record<string, string> = { ...input.extraFiles };
  let deps = [...input.deps];
  const depFiles: Record<string, string> = { ...input.depFiles };
  const deletedDirs = new Set<string>();
  const touched = new Map<string, Set<string>>();
  const edits: Anchor[] = [];
  const reviews: Anchor[] = [];
  let changed: Record<string, S.Span[]> = {};
  // Each main file's merged edits, phase by phase (in each phase's input coordinates): what \`wrote\` undoes.
  const history = new Map<string, OwnedEdit[][]>();
  const wrote = (path: string, span: S.Span): string | undefined => {
    const input0 = input.files[path];
    if (input0 === undefined) return undefined;
    let { start, end } = span;
    for (const merged of [...(history.get(path) ?? [])].reverse()) {
      const s = unmapOffset(start, merged);
      const e = unmapOffset(end, merged);
      if (s === undefined || e === undefined) return undefined;
      [start, end] = [s, e];
    }
    return input0.slice(start, end);
  };
  const snapshots: MigrateResult['snapshots'] = [{ rule: '(input)', files: { ...files }, depFiles: { ...depFiles } }];
  let lastRule: string | undefined;
  const touch = (path: string, rule: string) => {
    let s = touched.get(path);
    if (!s) touched.set(path, (s = new Set()));
    s.add(rule);
  };

  const warnings: string[] = [];
  const unresolved = new Set<string>();
  const whole = phases.some((ph) => ph.some((r) => r.id === 'vendored-deps'));
  // A copy of a WASI 0.2 package as the main package (\`package wasi:sockets@0.2.2;\`) is left as written by the whole
  // pipeline: 0.3.0's text of that package was written anew, and a port of the copy under its 0.2 name would be neither.
  // Rule 9 reports it (wasiCopy), and no other rule runs. The generic rules alone (fidelity) still port it.
  const asWritten = whole && wasiCopyOf(parseFiles(files, undefined, trees, input.shownRoot)) !== undefined;
  // The whole pipeline (rule 9 among its phases) ports the tree as a whole: vendored non-WASI
  // packages that use WASI 0.2 (or a 0.3 release candidate) first, as packages of their own.
  const ported = whole && !asWritten ? portDeps(deps, depFiles, phases, warnings, once(() => parseFiles(files, undefined, trees, input.shownRoot))) : undefined;
  if (ported) for (const r of ported.records) for (const f of r.files) touch(f, r.rule);
  // The deps as the model reads them: a new object only when a phase's file ops change them (package-model.ts caches by it).
  let depView: Readonly<Record<string, string>> = { ...depFiles };
  // Most phases change nothing: their successors reuse the parse and the resolved model.
  let parsed: WitFile[] = [];
  let model: () => PackageModel | undefined = () => undefined;
  let depPackages: () => RuleContext['depPackages'] = () => undefined;
  let stale = true;
  // Judged on the input (its parses are kept in `trees`, for the first phase).
  const writtenFor03 = opts.writtenFor03 ?? isWrittenFor03(parseFiles(files, undefined, trees, input.shownRoot));
  for (const phase of phases) {
    if (stale) {
      parsed = parseFiles(files, lastRule, trees, input.shownRoot);
      const after = lastRule;
      model = lazyModel(parsed, depView, (error) => {
        const where = after ? `after rule \`${after}\`, the package` : 'the package';
        // Later phases usually fail for the same reason: say it once, where it first showed.
        if (unresolved.has(error)) return;
        unresolved.add(error);
        warnings.push(`${where} does not resolve (${error}): rules read its syntax alone, so wasi:io names that arrive through \`use\` re-exports or \`type\` aliases are not recognised`);
      });
      const [phaseParse, phaseDeps] = [parsed, depView];
      depPackages = once(() => depPackagesForRules(phaseParse, phaseDeps));
      stale = false;
    }
    const perFile = new Map<string, OwnedEdit[]>();
    const newReviews: Anchor[] = [];
    const ops: { rule: string; op: FileOp }[] = [];
    for (const rule of phase) {
      if (writtenFor03 && rule.readsConvention) continue;
      if (asWritten && rule.id !== 'vendored-deps') continue;
      const ctx: RuleContext = {
        files: parsed,
        deps,
        depFiles,
        extraFiles: extra,
        ...(ported?.deps.length ? { portedDeps: ported.deps } : {}),
        ...(opts.users ? { users: opts.users } : {}),
        bump: opts.bump,
        changed,
        wrote,
        get model() {
          return model();
        },
        get depPackages() {
          return depPackages();
        },
      };
      const res = rule.apply(ctx);
      for (const e of res.edits) {
        if (!(e.file in files) && !(e.file in extra)) throw new MigrateError(`rule \`${rule.id}\` edited unknown file ${e.file}`, rule.id);
        let list = perFile.get(e.file);
        if (!list) perFile.set(e.file, (list = []));
        list.push({ rule: rule.id, span: e.span, text: e.text, note: e.note });
      }
      for (const r of res.reviews) newReviews.push({ rule: rule.id, file: r.file, offset: r.offset, messageId: r.messageId, ...(r.data ? { data: r.data } : {}), message: r.message });
      for (const op of res.fileOps ?? []) ops.push({ rule: rule.id, op });
    }
    const nextChanged: Record<string, S.Span[]> = {};
    for (const [path, spans] of Object.entries(changed)) nextChanged[path] = [...spans];
    // Each file's edits of the phase, merged (and, in a WIT file, tidied: tidyDeletions, keepCommentColumns).
    const mergedOf = new Map<string, OwnedEdit[]>();
    for (const [path, list] of perFile) mergedOf.set(path, path in files ? keepCommentColumns(files[path]!, tidyDeletions(files[path]!, mergeEdits(path, list))) : mergeEdits(path, list));
    for (const [path, merged] of mergedOf) {
      const isExtra = !(path in files);
      const before = isExtra ? extra[path]! : files[path]!;
      const after = apply(before, merged);
      if (after === before) continue;
      for (const a of [...edits, ...reviews]) if (a.file === path) a.offset = mapOffset(a.offset, merged);
      nextChanged[path] = (nextChanged[path] ?? []).map((s) => ({ start: mapOffset(s.start, merged), end: mapOffset(s.end, merged) }));
      const spans = mappedEditSpans(merged);
      merged.forEach((e, i) => {
        edits.push({ rule: e.rule, file: path, offset: spans[i]!.start, message: e.note ?? '' });
        nextChanged[path]!.push(spans[i]!);
        touch(path, e.rule);
      });
      if (isExtra) extra[path] = after;
      else {
        forget(trees, before, path);
        files[path] = after;
        stale = true;
        let h = history.get(path);
        if (!h) history.set(path, (h = []));
        h.push(merged);
      }
    }
    // Reviews of this phase are in the coordinates of the phase's input.
    for (const r of newReviews) {
      const merged = mergedOf.get(r.file) ?? [];
      reviews.push({ ...r, offset: mapOffset(r.offset, merged) });
    }
    for (const { rule, op } of ops) {
      touch(op.path, rule);
      edits.push({ rule, file: op.path, offset: -1, message: op.note });
      if (op.kind === 'write') {
        depFiles[op.path] = op.text;
        if (op.path in extra || op.path === 'deps.toml') extra[op.path] = op.text;
      } else {
        deletedDirs.add(op.path);
        for (const p of Object.keys(depFiles)) if (p === op.path || p.startsWith(op.path + '/')) delete depFiles[p];
      }
    }
    if (ops.length) {
      deps = depsAfter(deps, depFiles);
      depView = { ...depFiles };
      stale = true;
    }
    changed = nextChanged;
    lastRule = phase.map((r) => r.id).join('+');
    snapshots.push({ rule: lastRule, files: { ...files }, depFiles: { ...depFiles } });
  }
  parseFiles(files, lastRule, trees, input.shownRoot);

  // Markers, then the lines of everything in the final text.
  const out: Record<string, string> = {};
  const reviewRecords: ReviewRecord[] = [];
  // A place the team decided raises no review again (its marker was turned into the decision).
  const raised = reviews.filter((r) => !(r.file in files && decidedAt(files[r.file]!, r.offset)));
  for (const [path, text] of Object.entries(files)) {
    const mine = raised.filter((r) => r.file === path);
    const withMarkers = insertMarkers(text, mine);
    out[path] = withMarkers;
    if (withMarkers !== text) for (const r of mine) touch(path, r.rule);
  }
  // Markers shift lines: markersBefore(out, text)(line) counts the marker lines inserted before a line of the text.
  const shifts = new Map<string, (line: number) => number>();
  const shiftOf = (path: string) => {
    let shift = shifts.get(path);
    if (!shift) shifts.set(path, (shift = markersBefore(out[path]!, files[path]!)));
    return shift;
  };
  for (const r of raised) {
    const text = out[r.file] ?? '';
    const marker = `wasi-migrate(review): ${r.message.replace(/\s*\n\s*/g, ' ')}`;
    // The marker of this item (two items may carry the same message). One inserted now is among the marker lines
    // right above the item's line, the first of which is line `line + shift` of the output; one already there (a
    // second run) is in the comment block above.
    let at = text.indexOf(marker);
    if (at >= 0 && r.file in files && text.indexOf(marker, at + 1) >= 0) {
      const before = files[r.file]!;
      const line = lineOf(before, r.offset);
      const from = lineStart(text, line + (text === before ? 0 : shiftOf(r.file)(line)));
      // In the run of comment lines from there (the inserted markers, or the item's own comments), else just above.
      const next = text.indexOf(marker, from);
      const above = next >= 0 && /^(?:[ \t]*\/\/[^\n]*\n)*[ \t]*\/\/ ?$/.test(text.slice(from, next)) ? next : text.lastIndexOf(marker, from);
      if (above >= 0) at = above;
    }
    // Notes on non-WIT files (deps.lock) get no marker: their line is where the note points.
    const line = at >= 0 ? lineOf(text, at) : lineOf(files[r.file] ?? extra[r.file] ?? '', r.offset);
    reviewRecords.push({ rule: r.rule, file: r.file, line, ...(r.messageId ? { messageId: r.messageId } : {}), ...(r.data ? { data: r.data } : {}), message: r.message });
  }
  if (ported) reviewRecords.push(...ported.reviews);
  const editRecords: EditRecord[] = edits.map((e) => {
    const text = files[e.file];
    // Markers shift lines: count the marker lines inserted before the edit's line.
    let line = e.offset >= 0 && text !== undefined ? lineOf(text, e.offset) : 0;
    if (line && out[e.file] !== text) line += shiftOf(e.file)(line);
    return { rule: e.rule, file: e.file, line, note: e.message };
  });
  if (ported) editRecords.unshift(...ported.edits);

  const changes: FileChange[] = [];
  for (const [path, text] of Object.entries(out)) {
    if (text !== input.files[path]) changes.push({ path, before: input.files[path], after: text, rules: [...(touched.get(path) ?? [])] });
  }
  for (const [path, text] of Object.entries(extra)) {
    // A manifest the rules emptied (every entry gone) is removed, not left at 0 bytes.
    const after = text.trim() === '' && input.extraFiles[path]?.trim() ? undefined : text;
    if (text !== input.extraFiles[path]) changes.push({ path, before: input.extraFiles[path], after, rules: [...(touched.get(path) ?? [])] });
  }
  for (const [path, text] of Object.entries(depFiles)) {
    if (path in extra) continue;
    if (text !== input.depFiles[path]) changes.push({ path, before: input.depFiles[path], after: text, rules: [...(touched.get(path) ?? [])] });
  }
  for (const path of Object.keys(input.depFiles)) {
    if (!(path in depFiles)) changes.push({ path, before: input.depFiles[path], after: undefined, rules: [...(touched.get(path) ?? touchedDir(touched, path))] });
  }
  changes.sort((a, b) => byCodeUnit(a.path, b.path));
  return { label: input.label, changes, edits: editRecords, reviews: reviewRecords, snapshots, files: out, depFiles, extraFiles: extra, warnings, writtenFor03 };
}

/**
 * Whether a package's own files are written for 0.3 (Rule.readsConvention):
 * they use what only 0.3 has (an `async func`, a `stream` or `future` type,
 * `error-context`) and hold nothing of 0.2 that `--check` would list
 * (leftovers.ts: no wasi:io, no WASI 0.2 reference, no review marker).
 */
function isWrittenFor03(parsed: readonly WitFile[]): boolean {
  if (!uses03(parsed)) return false;
  return leftovers(Object.fromEntries(parsed.map((f) => [f.path, f.text]))).length === 0;
}

function uses03(parsed: readonly WitFile[]): boolean {
  const is03 = (t: S.Type) => t.kind === 'future' || t.kind === 'stream' || (t.kind === 'primitive' && t.name === 'error-context');
  const worldFunc03 = (wi: S.WorldItem) => (wi.kind === 'import' || wi.kind === 'export') && wi.extern.kind === 'func' && (wi.extern.func.async || hasType(funcTypes(wi.extern.func), is03));
  return (
    scopes(parsed).some((s) => allTypes(s.items).some(is03) || funcGroups(s).some((g) => g.funcs.some((fr) => fr.func.async))) ||
    [...worlds(parsed)].some(({ world }) => world.items.some(worldFunc03))
  );
}

/** Versions of WASI references (wasiRefs) the rules port: any 0.2 (pre-releases included) or a 0.3 release candidate. */
const OLD_WASI_REF = /@0\.(?:2\.|3\.0-rc-)/;

/**
 * Ports, in place in `depFiles`, every vendored non-WASI package that
 * references WASI 0.2 or a 0.3 release candidate: the same phases as the main
 * package (less the deps and gates rules), its siblings as its deps. A dep
 * that cannot be ported is left as it is, with a warning.
 */
function portDeps(deps: readonly DepEntry[], depFiles: Record<string, string>, phases: readonly (readonly Rule[])[], warnings: string[], mainFiles: () => WitFile[]) {
  const sub = phases.map((ph) => ph.filter((r) => r.id !== 'vendored-deps' && r.id !== 'gates')).filter((ph) => ph.length);
  const edits: EditRecord[] = [];
  const reviews: ReviewRecord[] = [];
  const records: { rule: string; files: string[] }[] = [];
  const ported: NonNullable<RuleContext['portedDeps']>[number][] = [];
  for (const d of deps) {
    if (!d.packageId || d.namespace === 'wasi') continue;
    const own = d.files.filter((f) => f.endsWith('.wit'));
    if (!own.some((f) => wasiRefs(depFiles[f] ?? '').some((id) => OLD_WASI_REF.test(id)))) continue;
    const single = d.path.endsWith('.wit');
    const rel = (f: string) => (single ? f.slice(f.lastIndexOf('/') + 1) : f.slice(d.path.length + 1));
    const abs = (f: string) => (single ? d.path : `${d.path}/${f}`);
    const siblings = Object.fromEntries(Object.entries(depFiles).filter(([p]) => !own.includes(p)));
    // What the main package and the other deps take from it (a \`type\` alias of a wasi:io name) is used.
    const users = [...mainFiles(), ...Object.entries(siblings).flatMap(([path, text]) => {
      const file = path.endsWith('.wit') ? parseCached(path, text).file : undefined;
      return file ? [{ path, text, file }] : [];
    })];
    try {
      const res = migratePackage({ label: d.path, files: Object.fromEntries(own.map((f) => [rel(f), depFiles[f]!])), deps: scanDeps(siblings), depFiles: siblings, extraFiles: {} }, sub, { users });
      const before = own.map((f) => ({ path: f, text: depFiles[f]! }));
      for (const c of res.changes) if (c.after !== undefined) depFiles[abs(c.path)] = c.after;
      // Ported: a rule edited its text. Review markers alone (a shape no rule ports) leave the publisher's text as it was.
      if (res.edits.length) {
        const madeAsync = asyncMade(before, own.map((f) => ({ path: f, text: depFiles[f]! })));
        ported.push({ packageId: d.packageId, path: d.path, ...(madeAsync.length ? { madeAsync } : {}) });
      }
      for (const e of res.edits) edits.push({ ...e, file: abs(e.file) });
      for (const r of res.reviews) reviews.push({ ...r, file: abs(r.file) });
      for (const c of res.changes) for (const rule of c.rules) records.push({ rule, files: [abs(c.path)] });
      for (const w of res.warnings) warnings.push(`${d.path}: ${w}`);
    } catch (e) {
      warnings.push(`${d.path} (${d.packageId}) uses WASI 0.2 and was not ported: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return { edits, reviews, records, deps: ported };
}

/**
 * The resource methods a port made \`async func\`s (async after, not before: a start/finish pair folded, a readiness
 * operation), per interface and resource, from the texts of a package's files before and after: what rule 18 reads of
 * a dep ported in place, whose functions of the main package taking such a resource it reports.
 */
function asyncMade(before: readonly { path: string; text: string }[], after: readonly { path: string; text: string }[]): { iface: string; resource: string; ops: string[] }[] {
  const asyncs = (files: readonly { path: string; text: string }[]) => {
    const m = new Map<string, Set<string>>();
    for (const { path, text } of files) {
      const file = parseCached(path, text).file;
      if (!file) continue;
      for (const it of [...file.items, ...file.nested.flatMap((n) => n.items)]) {
        if (it.kind !== 'interface') continue;
        for (const r of it.items) if (r.kind === 'type' && r.def === 'resource') m.set(`${it.name.name}/${r.name.name}`, new Set(r.funcs.filter((f) => f.func.async).map((f) => f.name.name)));
      }
    }
    return m;
  };
  const was = asyncs(before);
  const out: { iface: string; resource: string; ops: string[] }[] = [];
  for (const [key, ops] of asyncs(after)) {
    const made = [...ops].filter((o) => !was.get(key)?.has(o));
    const [iface, resource] = key.split('/') as [string, string];
    if (made.length) out.push({ iface, resource, ops: made });
  }
  return out;
}

/** The phase's resolved package, computed once on first read; `onError` hears why it does not resolve. `depFiles` is not changed afterwards. */
function lazyModel(parsed: readonly WitFile[], depFiles: Readonly<Record<string, string>>, onError: (error: string) => void): () => PackageModel | undefined {
  return once(() => {
    const r = resolveForRules(parsed, depFiles);
    if (!('error' in r)) return r;
    onError(r.error);
    return undefined;
  });
}

/**
 * Drops the parse of a text the run has moved past (no later phase, and not
 * the idempotency run, which reads the output, looks it up again; one that did
 * would parse it anew). Kept to the package's end, a package's intermediate
 * trees outlived two scavenges and were promoted, to be collected by the
 * costlier full collections.
 */
function forget(trees: ParseScope, text: string, path: string): void {
  const byPath = trees.get(text);
  if (!byPath?.delete(path) || byPath.size) return;
  trees.delete(text);
}


function touchedDir(touched: Map<string, Set<string>>, path: string): string[] {
  for (const [p, s] of touched) if (path.startsWith(p + '/')) return [...s];
  return [];
}

/** How many marker lines the marker pass put before each line of `before` (one walk per file, not per edit). */
function markersBefore(after: string, before: string): (line: number) => number {
  const a = after.split('\n');
  const b = before.split('\n');
  // at[j]: markers passed when the walk had matched j lines of `before`.
  const at = [0];
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length) {
    if (j < b.length && a[i] === b[j]) {
      i++;
      j++;
      at[j] = n;
    } else {
      i++;
      n++;
    }
  }
  return (line) => at[line - 1] ?? n;
}

/** Re-derives the deps list from the deps files (after rule 9 replaced some). */
export function depsAfter(old: readonly DepEntry[], depFiles: Record<string, string>): DepEntry[] {
  return scanDeps(depFiles).length ? scanDeps(depFiles) : old.filter(() => false);
}

/** Deps entries from a map of files under `deps/`. */
export function scanDeps(depFiles: Readonly<Record<string, string>>): DepEntry[] {
  const groups = new Map<string, string[]>();
  for (const p of Object.keys(depFiles).sort()) {
    if (!p.startsWith('deps/') || !p.endsWith('.wit')) continue;
    const parts = p.split('/');
    const key = parts.length === 2 ? p : parts.slice(0, 2).join('/');
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(p);
  }
  const out: DepEntry[] = [];
  for (const [path, fs] of groups) {
    // The package the group declares: the first declaration of its first file that has one.
    let d: PackageDecl | undefined;
    for (const f of fs) if ((d = declarations(depFiles[f]!)[0])) break;
    out.push(d ? { path, packageId: d.id, namespace: d.namespace, name: d.name, version: d.version, files: fs } : { path, files: fs });
  }
  return out;
}

