/**
 * Type-check a guest module against jco's guest types for its world, with
 * the real TypeScript compiler: the guest's imports must exist with the
 * shapes jco gives them, and its exports must be what the world exports
 * (`typeof import('<package>/<world>')`).
 *
 * The guest sees only ES2022 plus `Disposable` (jco's resources implement it)
 * and the two globals the sandbox gives it (TextEncoder, TextDecoder): no DOM,
 * no Node types, so reaching for `console` or `process` is a type error too.
 * Catch variables are `any` (`useUnknownInCatchVariables: false`): jco's
 * types cannot say what a function throws (only its doc comment does).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';
import { writeGuestTypes } from '../jco/types.js';
import { parseFile } from '../wit/parser.js';

export const SANDBOX_GLOBALS = `declare class TextEncoder {
  readonly encoding: string;
  encode(input?: string): Uint8Array<ArrayBuffer>;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  readonly encoding: string;
  decode(input?: ArrayBufferView | ArrayBuffer, options?: { stream?: boolean }): string;
}
`;

export interface WorldInfo {
  name: string;
  /** The WASI line its imports and exports use: '0.2' or '0.3'. */
  wasi: '0.2' | '0.3';
}

/** The worlds of a WIT file and which WASI line each uses (0.3 when any import, export, include or use names a 0.3 package). */
export function worldsOf(witFile: string): WorldInfo[] {
  const { file, diagnostics } = parseFile({ path: witFile, text: readFileSync(witFile, 'utf8') });
  if (!file || diagnostics.length) throw new Error(`${witFile}: ${diagnostics[0]?.message ?? 'does not parse'}`);
  return file.items.flatMap((item) => {
    if (item.kind !== 'world') return [];
    const paths = item.items.flatMap((w) => (w.kind === 'import' || w.kind === 'export' ? ('path' in w.extern ? [w.extern.path] : []) : w.kind === 'include' || w.kind === 'use' ? [w.path] : []));
    const v03 = paths.some((p) => p.kind === 'package' && !!p.package.version?.text.startsWith('0.3.'));
    return [{ name: item.name.name, wasi: v03 ? '0.3' : '0.2' } satisfies WorldInfo];
  });
}

export interface GuestTypeError {
  file: string;
  line: number;
  col: number;
  message: string;
}

export const OPTIONS: ts.CompilerOptions = {
  allowJs: true,
  checkJs: true,
  strict: true,
  useUnknownInCatchVariables: false,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ['lib.es2022.d.ts', 'lib.esnext.disposable.d.ts'],
  types: [],
};

const libFiles = new Map<string, ts.SourceFile>();

/**
 * tsc's own compiler host, except that TypeScript's lib files (lib.es2022.d.ts and the files it references) are
 * parsed once per process and the same SourceFile is handed to every later program with the same options, as the
 * language service's document registry does: they never change while the process runs, and parsing them was most
 * of what a small program cost. Every other file is read and parsed anew for each program, and each program's
 * checker still checks every file, the lib files included.
 */
export function libCachingHost(options: ts.CompilerOptions): ts.CompilerHost {
  const host = ts.createCompilerHost(options);
  const libDir = dirname(ts.getDefaultLibFilePath(options));
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile) => {
    if (shouldCreateNewSourceFile || dirname(fileName) !== libDir) return read(fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile);
    const key = `${fileName}\0${JSON.stringify(languageVersionOrOptions)}\0${JSON.stringify(options)}`;
    let file = libFiles.get(key);
    if (!file) {
      file = read(fileName, languageVersionOrOptions, onError);
      if (file) libFiles.set(key, file);
    }
    return file;
  };
  return host;
}

/**
 * Type errors of each guest (0 = it matches jco's types), every guest checked
 * against the same `world` of `witFile`. One program per call, so several
 * guests of one world cost one type generation and one check.
 */
export async function typecheckGuests(witFile: string, world: string, guests: string[]): Promise<Map<string, GuestTypeError[]>> {
  const dir = mkdtempSync(join(tmpdir(), 'wasi-migrate-guest-types-'));
  try {
    const dts = (await writeGuestTypes(witFile, world, dir)).map((f) => join(dir, f));
    const worldDts = readFileSync(join(dir, `${world}.d.ts`), 'utf8');
    const worldModule = /declare module '([^']+)'/.exec(worldDts)?.[1];
    if (!worldModule) throw new Error(`${witFile}: jco's ${world}.d.ts declares no world module`);
    writeFileSync(join(dir, 'sandbox-globals.d.ts'), SANDBOX_GLOBALS);
    const checks = guests.map((g, i) => {
      const f = join(dir, `check-${i}.ts`);
      writeFileSync(
        f,
        `import * as guest from ${JSON.stringify(resolve(g))};\n` +
          `import type * as world from ${JSON.stringify(worldModule)};\n` +
          `// The guest's exports are the world's exports, with jco's types.\n` +
          `export const exportsMatchWorld: typeof world = guest;\n`,
      );
      return f;
    });
    const program = ts.createProgram([...dts, join(dir, 'sandbox-globals.d.ts'), ...checks], OPTIONS, libCachingHost(OPTIONS));
    const out = new Map<string, GuestTypeError[]>(guests.map((g) => [resolve(g), []]));
    for (const d of ts.getPreEmitDiagnostics(program)) {
      const file = d.file?.fileName ?? '(program)';
      const pos = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : { line: 0, character: 0 };
      const err = { file, line: pos.line + 1, col: pos.character + 1, message: ts.flattenDiagnosticMessageText(d.messageText, '\n') };
      const idx = checks.indexOf(file);
      const key = idx >= 0 ? resolve(guests[idx]) : resolve(file);
      if (out.has(key)) out.get(key)!.push(err);
      else for (const list of out.values()) list.push(err); // an error in shared types concerns every guest
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatTypeError(e: GuestTypeError): string {
  return `${e.file}:${e.line}:${e.col}: ${e.message}`;
}
