/**
 * Temp projects for the declaration tests: a `wit/` folder, and declaration
 * trees generated from it by real jco, as a project would have checked in.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateTypes, type TypesFlavour } from '../../../src/jco/types.js';
import { officialWitRoot } from '../../../src/wit/official.js';
import type { FileChange } from '../../../src/migrate/engine.js';

const BUILTIN = officialWitRoot();

const tmps: string[] = [];
export function tmp(prefix = 'wasi-migrate-decl-test-'): string {
  const d = mkdtempSync(path.join(os.tmpdir(), prefix));
  tmps.push(d);
  return d;
}
export function cleanup(): void {
  for (const d of tmps.splice(0)) rmSync(d, { recursive: true, force: true });
}

const REF = /\bwasi:([a-z][a-z0-9-]*)\/[a-z][a-z0-9-]*@(\d+\.\d+\.\d+)/g;

/**
 * Copies the package folder `from` to `to` and vendors, under `to/deps/`, jco's
 * official WIT for every `wasi:*` package it references (and theirs), as
 * wit-deps would. A 0.2 version jco does not ship gets 0.2.12's text under
 * its own version number.
 */
export function vendorWit(from: string, to: string): void {
  cpSync(from, to, { recursive: true });
  const todo: [string, string][] = [];
  const scan = (text: string) => {
    for (const m of text.matchAll(REF)) todo.push([m[1]!, m[2]!]);
  };
  for (const n of readdirSync(to)) if (n.endsWith('.wit')) scan(readFileSync(path.join(to, n), 'utf8'));
  const done = new Set<string>();
  while (todo.length) {
    const [pkg, v] = todo.pop()!;
    if (done.has(`${pkg}@${v}`)) continue;
    done.add(`${pkg}@${v}`);
    const shipped = existsSync(path.join(BUILTIN, v)) ? v : '0.2.12';
    const text = readFileSync(path.join(BUILTIN, shipped, `wasi-${pkg}`, 'package.wit'), 'utf8').split(`@${shipped}`).join(`@${v}`);
    const dest = path.join(to, 'deps', `${pkg}-${v}`);
    mkdirSync(dest, { recursive: true });
    writeFileSync(path.join(dest, 'package.wit'), text);
    scan(text);
  }
}

/** Writes jco's declarations for `world` of the WIT folder `wit` into `out`. */
export async function generateInto(wit: string, world: string, flavour: TypesFlavour, out: string): Promise<Record<string, string>> {
  const files = await generateTypes({ witPath: wit, world, flavour });
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(out, rel)), { recursive: true });
    writeFileSync(path.join(out, rel), text);
  }
  return files;
}

/** Every file under `dir` (relative `/` paths) with its text. */
export function readTree(dir: string, rel = ''): Record<string, string> {
  const out: Record<string, string> = {};
  if (!existsSync(path.join(dir, rel))) return out;
  for (const n of readdirSync(path.join(dir, rel)).sort()) {
    const r = rel ? `${rel}/${n}` : n;
    if (statSync(path.join(dir, r)).isDirectory()) Object.assign(out, readTree(dir, r));
    else out[r] = readFileSync(path.join(dir, r), 'utf8');
  }
  return out;
}

/** Applies changes to the project as the CLI would (write or delete). */
export function applyChanges(project: string, changes: readonly FileChange[]): void {
  for (const c of changes) {
    const abs = path.join(project, c.path);
    if (c.after === undefined) rmSync(abs);
    else {
      mkdirSync(path.dirname(abs), { recursive: true });
      writeFileSync(abs, c.after);
    }
  }
}
