/**
 * Scenario files: the simulated world a run happens in (world.ts `Scenario`),
 * read from JSON and checked against `schemas/scenario.schema.json` by a real
 * JSON Schema validator (ajv), so a bad file is refused with the path of the
 * bad field, never half-used. docs/scenario.md documents the fields.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { packageRoot } from '../util/package-root.js';
import type { Scenario } from './world.js';

export class ScenarioError extends Error {}

let validator: ValidateFunction | null = null;

function compiled(): ValidateFunction {
  if (validator) return validator;
  const schema = JSON.parse(readFileSync(path.join(packageRoot(), 'schemas', 'scenario.schema.json'), 'utf8')) as object;
  // Loaded on first use: every command's start-up would pay for it otherwise.
  const { Ajv } = createRequire(import.meta.url)('ajv') as typeof import('ajv');
  validator = new Ajv({ allErrors: true, strict: true }).compile(schema);
  return validator;
}

/** `/upstreams/api.example/0/status: must be integer` style lines, the most specific first. */
function describe(errors: readonly ErrorObject[]): string[] {
  const out: string[] = [];
  for (const e of errors) {
    const at = e.instancePath || '/';
    let msg = e.message ?? 'is invalid';
    if (e.keyword === 'additionalProperties') msg = `unknown field "${(e.params as { additionalProperty: string }).additionalProperty}"`;
    if (e.keyword === 'enum') msg = `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    const line = `${at}: ${msg}`;
    if (!out.includes(line)) out.push(line);
  }
  return out;
}

/** Checks a parsed scenario; throws ScenarioError naming `file` and each bad field's path. */
export function checkScenario(value: unknown, file: string): Scenario {
  const v = compiled();
  if (!v(value)) throw new ScenarioError(`${file}: not a valid scenario (schemas/scenario.schema.json):\n${describe(v.errors ?? []).map((l) => `  ${l}`).join('\n')}`);
  const s = value as Scenario;
  if (s.clockStart !== undefined && Number.isNaN(Date.parse(s.clockStart))) throw new ScenarioError(`${file}: /clockStart: not a date: ${s.clockStart}`);
  return s;
}

/** Reads and checks a scenario file; JSON syntax errors are reported at line:col. */
export function readScenario(file: string): Scenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ScenarioError(`${file}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const at = badJsonOffset(text);
    const why = (e as Error).message.replace(/ in JSON at position \d+.*$/s, '').replace(/, (\.\.\.)?".*$/s, '').replace(/ \(line \d+ column \d+\)$/, '');
    if (at === null) throw new ScenarioError(`${file}: not JSON: ${why}`);
    const before = text.slice(0, at);
    const line = before.split('\n').length;
    const col = at - before.lastIndexOf('\n');
    throw new ScenarioError(`${file}:${line}:${col}: not JSON: ${why}`);
  }
  return checkScenario(value, file);
}

/**
 * Where JSON text first goes wrong (V8's messages do not always give a
 * position): a recursive-descent scan of RFC 8259 JSON that returns the
 * offset of the first character that cannot continue it, or null if the
 * text is valid.
 */
export function badJsonOffset(text: string): number | null {
  let i = 0;
  class Bad {
    constructor(readonly at: number) {}
  }
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const fail = (): never => {
    throw new Bad(i);
  };
  const lit = (word: string): void => {
    for (const ch of word) if (text[i++] !== ch) (i--, fail());
  };
  const str = (): void => {
    if (text[i] !== '"') fail();
    i++;
    for (;;) {
      if (i >= text.length) fail();
      const c = text.charCodeAt(i);
      if (c === 0x22) return void i++;
      if (c < 0x20) fail();
      if (c === 0x5c) {
        i++;
        if (text[i] === 'u') {
          i++;
          for (let k = 0; k < 4; k++, i++) if (!/[0-9a-fA-F]/.test(text[i] ?? '')) fail();
          continue;
        }
        if (!'"\\/bfnrt'.includes(text[i] ?? 'x')) fail();
      }
      i++;
    }
  };
  const num = (): void => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0] === '' || m[0] === '-') fail();
    i += m![0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        str();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') (i++, undefined);
        else if (text[i] === '}') return void i++;
        else fail();
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail();
      }
    } else if (c === '"') str();
    else if (c === 't') lit('true');
    else if (c === 'f') lit('false');
    else if (c === 'n') lit('null');
    else num();
  };
  try {
    value();
    ws();
    if (i < text.length) fail();
    return null;
  } catch (e) {
    if (e instanceof Bad) return Math.min(e.at, text.length);
    throw e;
  }
}
