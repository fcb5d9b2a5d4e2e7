/**
 * A TypeScript/JavaScript project as `wasi-migrate bindings` sees it: a root
 * folder and its source files. Named by a folder (every .ts/.tsx/.js/.mjs/...
 * file under it, outside node_modules, .git and build output) or by a
 * tsconfig.json (the files it includes, JavaScript too).
 *
 * `migrateBindings` runs both halves on it: the jco declaration trees
 * (src/bindings/declarations) and the code that calls them (src/bindings/code).
 * Nothing here writes; the command writes (atomically) or shows the review.
 */
import { LoadError, readText } from '../wit/loader.js';
import type { FeatureSet } from '../validate/wit-parser.js';
import { existsSync, lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { ts } from 'ts-morph';
import type { EditRecord, FileChange, ReviewRecord } from '../migrate/engine.js';
import type { Remaining } from '../migrate/leftovers.js';
import { isCodeFile, migrateCode } from './code/rewrite.js';
import { worldExports, type AsyncExport } from './code/world-exports.js';
import { bundles, relativeImportExt, tsconfigOptions, tsconfigPaths } from './project-files.js';
import { migrateDeclarations } from './declarations/index.js';
import { byCodeUnit } from '../util/order.js';

const SKIP = new Set(['node_modules', '.git', 'dist', 'build', 'coverage', 'target', '.next', 'out']);

export interface BindingsProject {
  /** Absolute root: the folder, or the tsconfig's folder. */
  readonly root: string;
  /** As the user named it. */
  readonly label: string;
  /** Source files relative to root (`/`-separated) -> text. */
  readonly files: Record<string, string>;
}

export class ProjectError extends Error {}

/** A code file through the one safe reader (src/wit/loader.ts): strict UTF-8, no special files, no symlink out of the project. */
function readCode(p: string, root: string): string {
  try {
    return readText(p, realpathSync(root));
  } catch (e) {
    if (e instanceof LoadError) throw new ProjectError(e.message);
    throw e;
  }
}

export function loadProject(target: string): BindingsProject {
  const abs = path.resolve(target);
  if (!existsSync(abs)) throw new ProjectError(`no such file or directory: ${target}`);
  const files: Record<string, string> = {};
  let root: string;
  if (statSync(abs).isFile()) {
    if (!abs.endsWith('.json')) throw new ProjectError(`${target}: name a project folder or its tsconfig.json`);
    root = path.dirname(abs);
    const read = ts.readConfigFile(abs, ts.sys.readFile);
    if (read.error) throw new ProjectError(`${target}: ${ts.flattenDiagnosticMessageText(read.error.messageText, '\n')}`);
    const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, root, { allowJs: true }, abs);
    const fatal = parsed.errors.filter((e) => e.category === ts.DiagnosticCategory.Error && e.code !== 18003);
    if (fatal.length) throw new ProjectError(`${target}: ${fatal.map((e) => ts.flattenDiagnosticMessageText(e.messageText, '\n')).join('; ')}`);
    for (const f of parsed.fileNames) {
      const rel = path.relative(root, f).split(path.sep).join('/');
      if (isCodeFile(rel) && !rel.split('/').some((p) => SKIP.has(p))) files[rel] = readCode(f, root);
    }
  } else {
    root = abs;
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir).sort()) {
        if (SKIP.has(name) || name.startsWith('.')) continue;
        const p = path.join(dir, name);
        // Symlinked folders are not followed (no loops, nothing outside the project).
        const st = lstatSync(p);
        if (st.isDirectory()) walk(p);
        else {
          const rel = path.relative(root, p).split(path.sep).join('/');
          if (isCodeFile(rel)) files[rel] = readCode(p, root);
        }
      }
    };
    walk(root);
  }
  return { root, label: target, files };
}

export interface BindingsResult {
  readonly project: BindingsProject;
  /** Code and declaration changes, paths relative to the project root. */
  readonly changes: FileChange[];
  readonly edits: EditRecord[];
  readonly reviews: ReviewRecord[];
  /** WIT exports declared sync that the port made async (world-exports.ts `asyncExportsInWit` changes the WIT to match). */
  readonly asyncExports: AsyncExport[];
  /** Places of 0.2 left that are no review marker: hand-written declarations of WASI 0.2 modules (declarations/index.ts). */
  readonly remaining?: Remaining[];
}

export interface BindingsOptions {
  /** WIT folders for the declarations (default: the project's wit/, else any). */
  readonly wit?: readonly string[];
  /** Skip the declaration trees (the code only). */
  readonly declarations?: boolean;
  /** Active `@unstable` features for the declaration trees (default: jco's, none). */
  readonly features?: FeatureSet;
  /** The run changes the WIT too (`migrate`), exports the port makes async included. */
  readonly changesWit?: boolean;
}

/** A file at the project root, through the one safe reader; undefined when there is none. */
function rootFile(root: string, name: string): string | undefined {
  return existsSync(path.join(root, name)) ? readText(path.join(root, name), root) : undefined;
}

/** Project files that name 0.2 interfaces (project-files.ts): today the `tsconfig.json` at the project root. */
function projectFileChanges(tsconfig: string | undefined): { changes: FileChange[]; edits: EditRecord[] } {
  const moved = tsconfig === undefined ? undefined : tsconfigPaths(tsconfig);
  if (!moved) return { changes: [], edits: [] };
  return {
    changes: [{ path: 'tsconfig.json', before: tsconfig, after: moved.text, rules: ['bindings/project-files'] }],
    edits: moved.notes.map((n) => ({ rule: 'bindings/project-files', file: 'tsconfig.json', line: n.line, note: n.note })),
  };
}

/** One helpers module for the project when it bundles its modules (project-files.ts), else inline helpers. */
function helperModule(root: string, tsconfig: string | undefined): { ext: '' | '.js' } | undefined {
  return bundles(readdirSync(root), rootFile(root, 'package.json')) ? { ext: relativeImportExt(tsconfig) } : undefined;
}

export async function migrateBindings(project: BindingsProject, opts: BindingsOptions = {}): Promise<BindingsResult> {
  const tsconfig = rootFile(project.root, 'tsconfig.json');
  const witDirs = opts.wit ?? [path.join(project.root, 'wit')];
  // No WIT to check the exports the port makes async against: those are reported (async-callers).
  const noWit = !witDirs.some((d) => existsSync(d));
  const compilerOptions = tsconfig === undefined ? undefined : tsconfigOptions(tsconfig, project.root);
  const code = migrateCode(project.files, { ...worldExports(witDirs), helperModule: helperModule(project.root, tsconfig), changesWit: opts.changesWit, noWit, ...(compilerOptions ? { compilerOptions } : {}) });
  const decl = opts.declarations === false ? { changes: [], reviews: [] } : await migrateDeclarations(project.root, { wit: opts.wit, features: opts.features });
  const projectFiles = projectFileChanges(tsconfig);
  const changes = [...code.changes, ...decl.changes, ...projectFiles.changes].sort((a, b) => byCodeUnit(a.path, b.path));
  const edits = [...code.edits, ...projectFiles.edits, ...decl.changes.map((c) => ({ rule: c.rules[0] ?? 'bindings/declarations', file: c.path, line: 0, note: c.after === undefined ? 'jco generates no such file for the migrated WIT' : c.before === undefined ? 'jco generates this file for the migrated WIT' : "jco's output for the migrated WIT" }))];
  return { project, changes, edits, reviews: [...code.reviews, ...decl.reviews], asyncExports: code.asyncExports, remaining: decl.remaining ?? [] };
}
