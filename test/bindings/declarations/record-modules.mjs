/**
 * Preload (`node --import`) that records every module the process resolves,
 * one per line, to the file named by WASI_MIGRATE_RECORD: ESM through a
 * loader hook (it runs on the hooks thread, hence the file), CommonJS through
 * Module._resolveFilename, since `require` does not pass the ESM hooks on
 * every Node version.
 */
import { appendFileSync } from 'node:fs';
import { Module, register } from 'node:module';

const out = process.env.WASI_MIGRATE_RECORD;
if (!out) throw new Error('record-modules.mjs: set WASI_MIGRATE_RECORD to the output file');

const hooks = `
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(${JSON.stringify(out)}, 'esm ' + r.url + '\\n');
  return r;
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`, import.meta.url);

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (...args) {
  const file = resolveFilename.apply(this, args);
  appendFileSync(out, `cjs ${file}\n`);
  return file;
};
