/**
 * wasi-migrate as a library:
 *
 *   import { parseWit, migrateWit, migrateBindings, validate } from 'wasi-migrate';
 *
 * The same functions the CLI commands call (`parse`, `wit`, `bindings`,
 * `validate`). None of them writes a file: results hold each change as
 * `{ path, before, after }`; the CLI's `--write` applies them. Modules that
 * load TypeScript (bindings) or the guest sandbox (validate) are imported on
 * first use, so `parseWit`/`migrateWit` stay light.
 */
import type { BindingsOptions, BindingsResult } from './bindings/project.js';
import type { FixtureVerdict } from './exec/validate.js';
import { runMigration, type PackageReport, type RunOptions } from './migrate/run.js';
import { resolvePath, type ResolveOptions, type ResolveResult } from './wit/resolve.js';

export type { BindingsOptions, BindingsResult, BindingsProject } from './bindings/project.js';
export type { FixtureVerdict } from './exec/validate.js';
export type { FileChange, MigrateResult } from './migrate/engine.js';
export type { PackageReport, RunOptions } from './migrate/run.js';
export type { ReviewFormat, ReviewReport } from './review/model.js';
export type { Diagnostic } from './wit/diagnostics.js';
export type { ResolveOptions, ResolveResult } from './wit/resolve.js';
export type { ValidateResult, WitInput } from './validate/wit-parser.js';
export { render as renderReview } from './review/render.js';
export { witReviewReport } from './review/wit/report.js';
export { validateWit } from './validate/wit-parser.js';
export { packageVersion as version } from './util/package-root.js';

/**
 * Parses and resolves WIT with wasi-migrate's own lossless parser: a `.wit`
 * file or a package folder (its `*.wit` files and `deps/`). Never throws on bad
 * WIT: problems are `diagnostics` (file, line, column, message).
 */
export function parseWit(path: string, options: ResolveOptions = {}): ResolveResult {
  return resolvePath(path, options);
}

/**
 * Ports the WIT packages under `paths` from WASI 0.2 to 0.3.0 (dry run): one
 * report per package found, with its changes, review items, errors and
 * warnings. Every output is checked by the real wit-parser unless
 * `validate: false`.
 */
export function migrateWit(paths: readonly string[], options: RunOptions = {}): Promise<PackageReport[]> {
  return runMigration(paths, options);
}

/**
 * Ports code that calls jco's WASI 0.2 bindings, and its jco declaration
 * trees, to 0.3: `target` is a project folder or its tsconfig.json.
 */
export async function migrateBindings(target: string, options: BindingsOptions = {}): Promise<BindingsResult> {
  const { loadProject, migrateBindings: run } = await import('./bindings/project.js');
  return run(loadProject(target), options);
}

/**
 * Runs the 0.2 and the 0.3 version of each fixture (a folder with
 * `world.wit`, `guest-0.2.js`, `guest-0.3.js`, `scenario.json`, or a 0.3 guest
 * file inside one) on one simulated world for seeds 0..seeds-1 and compares
 * their traces.
 */
export async function validate(fixtures: readonly string[], options: { seeds?: number; root?: string } = {}): Promise<FixtureVerdict[]> {
  const { validateTargets } = await import('./exec/validate.js');
  return validateTargets([...fixtures], Math.max(1, Math.floor(options.seeds ?? 8)), options.root);
}
