/**
 * Validating migration output with the real wit-parser (jco's wasm-tools, via
 * src/validate/wit-parser.ts). The package is handed over with its deps; any
 * `wasi:*` package it references that no dep provides is taken from jco's
 * official WIT: 0.3.0 as shipped, and for a 0.2.x reference that survived
 * migration (reported items), jco's 0.2.12 text relabelled with the
 * referenced version (the 0.2 releases differ only in @since gates and
 * additions). When the output fails, the snapshots after each phase are
 * validated in turn to name the rule that made it invalid.
 */
import { officialWitText, validateWit, type ValidateResult } from '../validate/wit-parser.js';
import { scanDeps, stripComments, type MigrateResult } from './engine.js';


const REF = /\bwasi:([a-z][a-z0-9-]*)\/[a-z%][a-z0-9-]*@(\d+\.\d+\.\d+)/g;

/** The files to hand to wit-parser: package files, its deps, and official WASI packages for references nothing provides. */
export function withOfficialDeps(files: Readonly<Record<string, string>>, depFiles: Readonly<Record<string, string>>): Record<string, string> {
  const all: Record<string, string> = { ...files };
  for (const [p, t] of Object.entries(depFiles)) if (p.endsWith('.wit')) all[p] = t;
  for (let round = 0; round < 10; round++) {
    const have = new Set(scanDeps(all).map((d) => d.packageId));
    const want = new Set<string>();
    for (const t of Object.values(all)) for (const m of stripComments(t).matchAll(REF)) want.add(`wasi:${m[1]}@${m[2]}`);
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

export async function validateFiles(files: Record<string, string>, depFiles: Record<string, string>): Promise<ValidateResult> {
  return validateWit({ files: withOfficialDeps(files, depFiles) });
}

export interface OutputCheck {
  readonly ok: boolean;
  /** The rule whose output first failed to validate. */
  readonly rule?: string;
  readonly message?: string;
  /** The input itself does not validate: nothing can be said about the rules. */
  readonly inputInvalid?: boolean;
}

export async function validateResult(res: MigrateResult): Promise<OutputCheck> {
  const out = await validateFiles(res.files, res.depFiles);
  if (out.ok) return { ok: true };
  const where = (r: ValidateResult) => (r.ok ? '' : `${r.message}${r.file ? ` (${r.file}${r.line ? `:${r.line}:${r.col}` : ''})` : ''}`);
  for (let i = 0; i < res.snapshots.length; i++) {
    const s = res.snapshots[i]!;
    const r = await validateFiles(s.files, s.depFiles);
    if (!r.ok) {
      if (i === 0) return { ok: false, inputInvalid: true, message: `input does not validate: ${where(r)}` };
      return { ok: false, rule: s.rule, message: `output of rule \`${s.rule}\` is rejected by wit-parser: ${where(r)}` };
    }
  }
  return { ok: false, rule: '(review markers)', message: `output is rejected by wit-parser: ${where(out)}` };
}
