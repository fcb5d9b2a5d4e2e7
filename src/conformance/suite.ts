/**
 * The conformance suite: our parser and resolver against material nobody here
 * wrote. wit-parser's own UI tests (valid inputs with their resolved JSON,
 * parse-fail inputs with their error locations) and every official WASI
 * release, each file printed back byte for byte.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { print } from '../wit/printer.js';
import { resolvePath } from '../wit/resolve.js';
import { corpusRoot } from '../util/corpus.js';
import { canonicalFromModel, canonicalFromWitParserJson, firstDifference } from './canonical.js';

export interface CaseResult {
  readonly suite: 'valid' | 'parse-fail' | 'wasi';
  readonly name: string;
  readonly ok: boolean;
  /** Why it failed, or what was checked when it passed. */
  readonly detail: string;
}

const isDir = (p: string) => statSync(p).isDirectory();

function roundTrip(result: ReturnType<typeof resolvePath>): string | undefined {
  for (const f of result.syntax) {
    if (print(f) !== f.source.text) return `${f.source.path} does not print back byte for byte`;
  }
  return undefined;
}

/** Valid inputs: parse, resolve (feature `active` on, as the suite's JSON was made), print back, match the JSON. */
export function validCases(corpus = corpusRoot()): { name: string; run: () => CaseResult }[] {
  const ui = join(corpus, 'wit-parser-ui');
  return readdirSync(ui)
    .filter((e) => e.endsWith('.wit.json'))
    .sort()
    .map((jsonName) => {
      const name = jsonName.slice(0, -'.wit.json'.length);
      const input = existsSync(join(ui, `${name}.wit`)) ? join(ui, `${name}.wit`) : join(ui, name);
      return {
        name,
        run: (): CaseResult => {
          const r = resolvePath(input, { features: ['active'] });
          if (r.diagnostics.length > 0 || !r.resolve) {
            const d = r.diagnostics[0];
            return { suite: 'valid', name, ok: false, detail: `rejected: ${d?.file}:${d?.line}:${d?.col}: ${d?.message}` };
          }
          const rt = roundTrip(r);
          if (rt) return { suite: 'valid', name, ok: false, detail: rt };
          const expected = canonicalFromWitParserJson(JSON.parse(readFileSync(join(ui, jsonName), 'utf8')));
          const diff = firstDifference(canonicalFromModel(r.resolve), expected);
          return { suite: 'valid', name, ok: diff === undefined, detail: diff ?? 'model matches wit-parser JSON' };
        },
      };
    });
}

/** Where wit-parser points: the `file:line:col` after `-->`, or at the head of a one-line error. */
export function expectedLocation(resultText: string): { file: string; line: number; col: number } | undefined {
  const m = resultText.match(/-->\s+(\S+?):(\d+):(\d+)/) ?? resultText.match(/^(\S+?\.wit):(\d+):(\d+):/m);
  return m ? { file: m[1], line: Number(m[2]), col: Number(m[3]) } : undefined;
}

/** `parse-fail/NAME.wit` or the folder `parse-fail/NAME`, when the corpus has it. */
function parseFailInput(dir: string, name: string): string | undefined {
  if (existsSync(join(dir, `${name}.wit`))) return join(dir, `${name}.wit`);
  return existsSync(join(dir, name)) ? join(dir, name) : undefined;
}

/**
 * `.wit.result` files whose input the corpus does not hold (deleted upstream):
 * not cases, there is nothing to parse. Listed so the count stays honest.
 */
export function parseFailWithoutInput(corpus = corpusRoot()): string[] {
  const dir = join(corpus, 'wit-parser-ui', 'parse-fail');
  return readdirSync(dir)
    .filter((e) => e.endsWith('.wit.result'))
    .map((e) => e.slice(0, -'.wit.result'.length))
    .filter((name) => parseFailInput(dir, name) === undefined)
    .sort();
}

export function parseFailCases(corpus = corpusRoot()): { name: string; run: () => CaseResult }[] {
  const dir = join(corpus, 'wit-parser-ui', 'parse-fail');
  return readdirSync(dir)
    .filter((e) => e.endsWith('.result'))
    .sort()
    .flatMap((resultName) => {
      const name = resultName.slice(0, -'.wit.result'.length);
      const input = parseFailInput(dir, name);
      if (input === undefined) return [];
      return {
        name,
        run: (): CaseResult => {
          const expected = expectedLocation(readFileSync(join(dir, resultName), 'utf8'));
          const r = resolvePath(input, { features: ['active'] });
          const d = r.diagnostics[0];
          if (!d) return { suite: 'parse-fail', name, ok: false, detail: 'accepted, but wit-parser rejects it' };
          if (!expected) return { suite: 'parse-fail', name, ok: true, detail: `rejected (wit-parser gives no location): ${d.message}` };
          const sameFile = basename(expected.file) === basename(d.file);
          const ok = sameFile && expected.line === d.line && expected.col === d.col;
          return {
            suite: 'parse-fail',
            name,
            ok,
            detail: ok
              ? `rejected at ${expected.line}:${expected.col}`
              : `rejected at ${basename(d.file)}:${d.line}:${d.col} (${d.message}), wit-parser at ${basename(expected.file)}:${expected.line}:${expected.col}`,
          };
        },
      };
    });
}

/** Every package of every WASI release, resolved against its sibling packages as deps. */
export function wasiCases(corpus = corpusRoot()): { name: string; run: () => CaseResult }[] {
  const wasi = join(corpus, 'wasi');
  const out: { name: string; run: () => CaseResult }[] = [];
  for (const release of readdirSync(wasi).filter((e) => isDir(join(wasi, e))).sort()) {
    const pkgs = readdirSync(join(wasi, release)).filter((e) => isDir(join(wasi, release, e))).sort();
    for (const pkg of pkgs) {
      const name = `${release}/${pkg}`;
      out.push({
        name,
        run: (): CaseResult => {
          const siblings = pkgs.filter((p) => p !== pkg).map((p) => join(wasi, release, p));
          const r = resolvePath(join(wasi, release, pkg), {}, siblings);
          if (r.diagnostics.length > 0) {
            const d = r.diagnostics[0];
            return { suite: 'wasi', name, ok: false, detail: `rejected: ${d.file}:${d.line}:${d.col}: ${d.message}` };
          }
          const rt = roundTrip(r);
          return { suite: 'wasi', name, ok: rt === undefined, detail: rt ?? `${r.files.length} files resolve and print back` };
        },
      });
    }
  }
  return out;
}

export function allCases(corpus = corpusRoot()): { name: string; suite: string; run: () => CaseResult }[] {
  return [
    ...validCases(corpus).map((c) => ({ ...c, suite: 'valid' })),
    ...parseFailCases(corpus).map((c) => ({ ...c, suite: 'parse-fail' })),
    ...wasiCases(corpus).map((c) => ({ ...c, suite: 'wasi' })),
  ];
}

/** Runs one case, turning a crash into a failure: the suite itself never throws. */
export function runCase(c: { name: string; suite: string; run: () => CaseResult }): CaseResult {
  try {
    return c.run();
  } catch (e) {
    return { suite: c.suite as CaseResult['suite'], name: c.name, ok: false, detail: `crashed: ${(e as Error).stack ?? e}` };
  }
}

export interface Summary {
  readonly bySuite: ReadonlyMap<string, { passed: number; failed: number }>;
  readonly passed: number;
  readonly failed: number;
  /** The per-suite lines, then `conformance: N passed, M failed`. */
  readonly text: string;
}

export function summarize(results: readonly CaseResult[]): Summary {
  const bySuite = new Map<string, { passed: number; failed: number }>();
  for (const r of results) {
    const s = bySuite.get(r.suite) ?? { passed: 0, failed: 0 };
    if (r.ok) s.passed++;
    else s.failed++;
    bySuite.set(r.suite, s);
  }
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  const lines = [...bySuite].map(([k, s]) => `  ${k}: ${s.passed} passed, ${s.failed} failed`);
  lines.push(`conformance: ${passed} passed, ${failed} failed`);
  return { bySuite, passed, failed, text: `${lines.join('\n')}\n` };
}
