/** Runs one transform's before/after case through the whole rewriter (used by the transform table test). */
import type { CodeCase } from './types.js';
import { HELPERS, helperTexts } from './helpers.js';
import { migrateCode, type CodeOptions, type CodeResult } from './rewrite.js';
import { worldExportsOf } from './world-exports.js';
import { tsconfigOptions } from '../project-files.js';
import { fileStyle, inFileStyle, styleOf, withIndentation } from './restyle.js';

export function caseFiles(x: string | Readonly<Record<string, string>>): Record<string, string> {
  return typeof x === 'string' ? { 'guest.js': x } : { ...x };
}

/** The options a case runs with: its WIT's sync exports and the WASI interfaces it exports, and whether the run changes the WIT. */
export function caseOptions(c: CodeCase): CodeOptions {
  const deps = Object.fromEntries(Object.entries(c.witDeps ?? {}).map(([k, v]) => [`wit/deps/${k}`, v]));
  const wit = c.wit === undefined ? {} : worldExportsOf({ 'wit/world.wit': c.wit }, deps);
  const compilerOptions = c.tsconfig === undefined ? undefined : tsconfigOptions(c.tsconfig, '/');
  return { ...wit, ...(c.changesWit ? { changesWit: true } : {}), ...(c.noWit ? { noWit: true } : {}), ...(compilerOptions ? { compilerOptions } : {}) };
}

export interface CaseRun {
  readonly result: CodeResult;
  /** Output files with the inline helpers taken out (cases name them instead of spelling them out). */
  readonly files: Record<string, string>;
  /** Helpers added, per file. */
  readonly helpers: Record<string, string[]>;
}

export function runCodeCase(c: CodeCase): CaseRun {
  const input = caseFiles(c.before);
  const result = migrateCode(input, caseOptions(c));
  const files: Record<string, string> = {};
  const helpers: Record<string, string[]> = {};
  for (const p of Object.keys(input)) {
    let text = result.files[p] ?? '';
    const used: string[] = [];
    const texts = helperTexts(p);
    const style = fileStyle(input[p]!);
    const unit = styleOf(input[p]!).indentationText;
    for (const name of Object.keys(HELPERS)) {
      // As the port wrote it: in the file's style and indentation.
      const h = inFileStyle(p, input[p]!, withIndentation(texts[name]!, unit), style);
      if (!text.includes(h)) continue;
      text = text.replace(`\n\n${h}`, '').replace(h, '');
      used.push(name);
    }
    files[p] = used.length ? text.replace(/\n+$/, '\n') : text;
    if (used.length) helpers[p] = used;
  }
  return { result, files, helpers };
}
