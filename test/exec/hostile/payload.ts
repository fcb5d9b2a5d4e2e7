/**
 * What a hostile guest aims at: a marker file it tries to create on the host
 * (it must never exist), and a payload that walks from any value to a
 * `Function` constructor to get there.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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

export function noTrace(path: string): void {
  if (existsSync(path)) throw new Error(`the guest created ${path} on the host`);
}
