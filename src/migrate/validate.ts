/**
 * Validating migration output with the real wit-parser (jco's wasm-tools, via
 * src/validate/wit-parser.ts), on the tree exactly as it will be on disk: the
 * package's files and its `deps/` after the write.
 *
 * The one exception is a stand-in (`treeAsWritten`): a `wasi:*` package the
 * tree references, that the tree never vendored, and that is an official
 * WASI release jco ships at exactly the referenced version (0.2.10 for
 * clocks, io and sockets; 0.2.12; 0.3.0). Its text is added beside the tree
 * for the check and named in the report. Nothing is relabelled: a reference
 * to `wasi:clocks@0.2.3` that deps/ does not hold is an error, and so is a
 * reference to a package the input vendored and the output no longer has
 * (the error names the rule that removed it).
 *
 * `withOfficialDeps` is the older, looser helper (0.2.x stand-ins are jco's
 * 0.2.12 relabelled): it feeds our own resolver where the rules and the
 * review only need to understand a package, never a verdict.
 */
import { flatteningTooCostly } from './flatten-guard.js';
import { validateWit, type FeatureSet, type ValidateOpts, type ValidateResult, type WitInput } from '../validate/wit-parser.js';
import { isShipped, officialWitText, SHIPPED_VERSIONS } from '../wit/official.js';
import { scanDeps, type MigrateResult } from './engine.js';
import { declaredIn, wasiRefs } from '../wit/text-scan.js';

/** `package`, then anything but `;`, `{` and `}` up to a `{`: where a nested package block may start. */
const NESTED = /\bpackage\s[^;{}]*\{/;

/** The files to hand to our resolver: package files, its deps, and official WASI packages for references nothing provides (0.2.x: 0.2.12 relabelled). Never used for a verdict. */
export function withOfficialDeps(files: Readonly<Record<string, string>>, depFiles: Readonly<Record<string, string>>): Record<string, string> {
  const all: Record<string, string> = { ...files };
  for (const [p, t] of Object.entries(depFiles)) if (p.endsWith('.wit')) all[p] = t;
  for (let round = 0; round < 10; round++) {
    // The deps' packages, and those the main files declare in nested `package x { }` blocks (a component's WIT as
    // wasm-tools prints it holds its deps so).
    const have = new Set(scanDeps(all).map((d) => d.packageId));
    // (Only a text with `package ... {` in it, comments not told apart, can hold one: most files are read no further.)
    for (const [p, t] of Object.entries(files)) if (p.endsWith('.wit') && NESTED.test(t)) for (const id of declaredIn(t)) have.add(id);
    const want = new Set<string>();
    for (const t of Object.values(all)) for (const id of wasiRefs(t)) want.add(id);
    const missing = [...want].filter((w) => !have.has(w));
    if (!missing.length) break;
    for (const id of missing) {
      const m = /^wasi:([a-z0-9-]+)@(.+)$/.exec(id)!;
      const [name, version] = [m[1]!, m[2]!];
      if (version === '0.3.0') {
        const t = officialWitText('0.3.0', name);
        if (t !== undefined) all[`deps/wasi-${name}-0.3.0/package.wit`] = t;
      } else if (version.startsWith('0.2.')) {
        const t = officialWitText('0.2.12', name);
        if (t !== undefined) all[`deps/wasi-${name}-${version}/package.wit`] = t.split('@0.2.12').join(`@${version}`);
      }
      if (!Object.keys(all).some((k) => k.startsWith(`deps/wasi-${name}-${version}/`))) all[`deps/wasi-${name}-${version}/missing.wit`] = `package wasi:${name}@${version};\n`;
    }
  }
  return all;
}

/** Package ids (`ns:name@version`) declared in these files, nested `package x { }` blocks included. */
export function declaredPackages(files: Readonly<Record<string, string>>): Set<string> {
  const out = new Set<string>();
  for (const [p, t] of Object.entries(files)) {
    if (!p.endsWith('.wit')) continue;
    for (const id of declaredIn(t)) out.add(id);
  }
  return out;
}

export interface TreeAsWritten {
  /** The tree to validate: the files as written, plus the stand-ins. */
  readonly files: Record<string, string>;
  /** Official packages added for the check (`wasi:io@0.3.0`), sorted. */
  readonly standIns: string[];
  /** References no vendored package and no allowed stand-in satisfies: each `{ id, message }`. */
  readonly missing: { readonly id: string; readonly message: string }[];
}

/**
 * The tree as it will be on disk, plus stand-ins where the rules allow them
 * (see the module comment). `vendored`: package ids the input held in
 * deps/ (a package the tree vendored is never stood in for).
 */
export function treeAsWritten(files: Readonly<Record<string, string>>, depFiles: Readonly<Record<string, string>>, vendored: ReadonlySet<string>): TreeAsWritten {
  const all: Record<string, string> = { ...files };
  for (const [p, t] of Object.entries(depFiles)) if (p.endsWith('.wit')) all[p] = t;
  const standIns = new Set<string>();
  const missing = new Map<string, string>();
  for (let round = 0; round < 10; round++) {
    const have = declaredPackages(all);
    const want = new Set<string>();
    for (const t of Object.values(all)) for (const id of wasiRefs(t)) want.add(id);
    const absent = [...want].filter((w) => !have.has(w) && !missing.has(w)).sort();
    if (!absent.length) break;
    for (const id of absent) {
      const [, name, version] = /^wasi:([a-z0-9-]+)@(.+)$/.exec(id)!;
      const text = isShipped(version) ? officialWitText(version, name!) : undefined;
      if (vendored.has(id)) missing.set(id, `\`${id}\` is referenced but no longer in deps/ (the input vendored it)`);
      else if (text === undefined) missing.set(id, `\`${id}\` is referenced but is not in deps/, and jco ships no official WIT for it at exactly that version (${SHIPPED_VERSIONS.join(', ')}): vendor it in deps/ (wit-deps, wkg) so the tree can be checked`);
      else {
        all[`deps/wasi-${name}-${version}/package.wit`] = text;
        standIns.add(id);
      }
    }
  }
  return { files: all, standIns: [...standIns].sort(), missing: [...missing].map(([id, message]) => ({ id, message })) };
}

/** A validateWit that may run elsewhere or be batched. */
export type WitCheck = (input: WitInput, opts?: ValidateOpts) => Promise<ValidateResult>;

export interface ValidateOptions {
  /** Active `@unstable` features for wit-parser (default: all). */
  readonly features?: FeatureSet;
  /** Package ids the input vendored (default: none). */
  readonly vendored?: ReadonlySet<string>;
  /** The real wit-parser check to use (default: validateWit on this thread). */
  readonly check?: WitCheck;
}

export interface TreeCheck {
  readonly result: ValidateResult;
  readonly standIns: string[];
}

/** Validates files + deps as written (stand-ins per `treeAsWritten`); a missing package is a failure. */
export async function validateTree(files: Readonly<Record<string, string>>, depFiles: Readonly<Record<string, string>>, opts: ValidateOptions = {}): Promise<TreeCheck> {
  const t = treeAsWritten(files, depFiles, opts.vendored ?? new Set());
  if (t.missing.length) return { result: { ok: false, message: t.missing.map((m) => m.message).join('; ') }, standIns: t.standIns };
  const costly = flatteningTooCostly(t.files);
  if (costly) return { result: { ok: false, message: costly }, standIns: t.standIns };
  return { result: await (opts.check ?? validateWit)({ files: t.files }, { features: opts.features ?? { tag: 'all' } }), standIns: t.standIns };
}

/** Validates files + deps with the real wit-parser (every feature active, no relabelled stand-ins). */
export async function validateFiles(files: Record<string, string>, depFiles: Record<string, string>, opts: ValidateOptions = {}): Promise<ValidateResult> {
  return (await validateTree(files, depFiles, opts)).result;
}

export interface OutputCheck {
  readonly ok: boolean;
  /** The rule whose output first failed to validate (`(input)` when the input itself fails so). */
  readonly rule?: string;
  readonly message?: string;
  /** Official packages the check added beside the tree (none of them vendored by it). */
  readonly standIns: string[];
}

function where(r: ValidateResult): string {
  return r.ok ? '' : `${r.message}${r.file ? ` (${r.file}${r.line ? `:${r.line}:${r.col}` : ''})` : ''}`;
}

/**
 * Validates a migration's output as it will be written. On failure, the
 * snapshots after each phase are validated in turn to name the rule that
 * made it invalid; when the input already fails the same way, the message
 * says so (the output is still an error: nothing unvalidated is written).
 */
export async function validateResult(res: MigrateResult, opts: Omit<ValidateOptions, 'vendored'> = {}): Promise<OutputCheck> {
  const input = res.snapshots[0]!;
  const vendored = declaredPackages(input.depFiles);
  const o = { ...opts, vendored };
  // Missing packages are found from the text alone: name the first phase whose output misses one, with no wit-parser run.
  const t = treeAsWritten(res.files, res.depFiles, vendored);
  if (t.missing.length) {
    const ids = new Set(t.missing.map((m) => m.id));
    const message = t.missing.map((m) => m.message).join('; ');
    for (let i = 0; i < res.snapshots.length; i++) {
      const s = res.snapshots[i]!;
      if (!treeAsWritten(s.files, s.depFiles, vendored).missing.some((m) => ids.has(m.id))) continue;
      if (i === 0) return { ok: false, rule: '(input)', standIns: t.standIns, message: `the output cannot be validated: ${message}` };
      return { ok: false, rule: s.rule, standIns: t.standIns, message: `output of rule \`${s.rule}\` is rejected by wit-parser: ${message}` };
    }
    return { ok: false, rule: '(review markers)', standIns: t.standIns, message: `the output cannot be validated: ${message}` };
  }
  const out = await validateTree(res.files, res.depFiles, o);
  if (out.result.ok) return { ok: true, standIns: out.standIns };
  let prev: MigrateResult['snapshots'][number] | undefined;
  for (let i = 0; i < res.snapshots.length; i++) {
    const s = res.snapshots[i]!;
    // A phase that changed nothing gives the verdict of the one before it.
    if (prev && sameFiles(prev.files, s.files) && sameFiles(prev.depFiles, s.depFiles)) continue;
    prev = s;
    const r = (await validateTree(s.files, s.depFiles, o)).result;
    if (!r.ok) {
      if (i === 0) return { ok: false, rule: '(input)', standIns: out.standIns, message: `the output cannot be validated: ${where(out.result)}; the input already fails so (${where(r)})` };
      return { ok: false, rule: s.rule, standIns: out.standIns, message: `output of rule \`${s.rule}\` is rejected by wit-parser: ${where(r)}` };
    }
  }
  return { ok: false, rule: '(review markers)', standIns: out.standIns, message: `output is rejected by wit-parser: ${where(out.result)}` };
}

function sameFiles(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}
