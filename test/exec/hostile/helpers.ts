/**
 * Shared by the hostile-guest suite: a marker file each hostile guest tries
 * to create on the host (it must never exist), small budgets so every
 * bounded run ends quickly, and runners for either WASI version.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFixture, run02, run03, type RunResult } from '../../../src/exec/fixture.js';
import type { Limits } from '../../../src/exec/limits.js';
import type { TraceEvent } from '../../../src/exec/trace.js';

/** Budgets small enough that every bomb ends within half a second of CPU (3.5 s of real time for the watchdog). */
export const SMALL: Partial<Limits> = { cpuMs: 500, memoryMb: 32, outputBytes: 64 * 1024, tasks: 200 };
/** For the escape attempts, which must finish: the default CPU time, small everything else. */
export const ROOMY: Partial<Limits> = { ...SMALL, cpuMs: 10_000 };

export const cli = () => loadFixture('cli-hello', process.cwd());
export const http = () => loadFixture('http-hello', process.cwd());

export function marker(): { path: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'wm-hostile-'));
  return { path: join(dir, 'ESCAPED'), done: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Guest code that, given any value, walks to a `Function` constructor and
 * asks it for the host's `process` to create the marker file. In node:vm
 * this reaches the host (see escapes.test.ts); in the sandbox it must not.
 */
export function payload(markerPath: string): string {
  return `
const MARKER = ${JSON.stringify(markerPath)};
const tried = [];
function attempt(label, x) {
  const ctors = [];
  try { ctors.push(x.constructor.constructor); } catch {}
  try { ctors.push(Object.getPrototypeOf(x).constructor.constructor); } catch {}
  try { ctors.push(x.__proto__.__proto__.constructor.constructor); } catch {}
  try { if (typeof x === 'function') ctors.push(x.constructor); } catch {}
  for (const F of ctors) {
    try {
      const r = F("try { const p = (0, eval)('this').process ?? this.process; const fs = p.getBuiltinModule ? p.getBuiltinModule('fs') : p.mainModule.require('fs'); fs.writeFileSync(" + JSON.stringify(MARKER) + ", 'x'); return 'ESCAPED' } catch (e) { return 'contained: ' + e }")();
      tried.push(label + ': ' + String(r).slice(0, 60));
    } catch (e) { tried.push(label + ': threw ' + String(e).slice(0, 60)); }
  }
}
`;
}

export async function run(version: '0.2' | '0.3', src: string, limits: Partial<Limits> = SMALL, fx = cli()): Promise<RunResult & { ms: number }> {
  const t0 = performance.now();
  const r = version === '0.2' ? await run02(fx, 0, src, { limits }) : await run03(fx, 0, src, { limits });
  return { ...r, ms: performance.now() - t0 };
}

export const out = (t: TraceEvent[], ch = 'stdout') => t.filter((e) => e.ch === ch).map((e) => e.text).join('');

export function noTrace(path: string): void {
  if (existsSync(path)) throw new Error(`the guest created ${path} on the host`);
}
