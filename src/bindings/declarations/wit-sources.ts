/**
 * The WIT a declaration tree was generated from, before and after migration,
 * laid out on disk the way jco's type generator reads it (package files at
 * the root, dependencies under `deps/`, official WASI packages from jco for
 * every `wasi:*` reference nothing vendors).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findPackages, loadPackage, type PackageOnDisk } from '../../migrate/load.js';
import { migrateInput } from '../../migrate/run.js';
import type { MigrateResult, PackageInput } from '../../migrate/engine.js';
import { declarations } from '../../wit/text-scan.js';
import { parseFile } from '../../wit/parser.js';
import { withOfficialDeps } from '../../migrate/validate.js';

export interface WitSource {
  readonly pkg: PackageOnDisk;
  /** The package folder relative to the project (`wit`). */
  readonly label: string;
  /** `acme:kv` */
  readonly name: string;
  readonly version: string | undefined;
  readonly worlds: string[];
  /** Every file parses: else \`worlds\` may miss one, and preparing the package says why. */
  readonly parses: boolean;
  readonly input: PackageInput;
}

export interface PreparedWit {
  readonly source: WitSource;
  /** Folders jco reads: the package as found, and as migrated in memory. */
  readonly beforeDir: string;
  readonly afterDir: string;
  readonly migration: MigrateResult;
}

/** WIT packages under the given paths (default: `<project>/wit` when it exists, else every package in the project). */
export function findWitSources(projectDir: string, witPaths: readonly string[] | undefined): WitSource[] {
  const roots = witPaths?.length ? witPaths.map((p) => path.resolve(projectDir, p)) : existsSync(path.join(projectDir, 'wit')) ? [path.join(projectDir, 'wit')] : [projectDir];
  const out: WitSource[] = [];
  for (const root of roots) {
    if (!existsSync(root)) throw new Error(`no such WIT folder: ${root}`);
    for (const pkg of findPackages(root)) {
      const input = loadPackage(pkg);
      // The package's header, read as tokens as wit-parser reads it (`package acme : kv@0.1.0;`, comments between, broken over lines).
      const header = Object.values(input.files).flatMap((t) => declarations(t)).find((d) => !d.nested);
      if (!header) continue;
      // The package's own worlds, read as wit-parser reads them (a gate on the world's line, an escaped name), not
      // those of a `package a:b { }` block beside it.
      const parsed = Object.entries(input.files).map(([p, text]) => parseFile({ path: p, text }));
      const worlds = parsed.flatMap((r) => (r.file?.items ?? []).flatMap((i) => (i.kind === 'world' ? [i.name.name] : [])));
      const parses = parsed.every((r) => !r.diagnostics.length);
      out.push({ pkg, label: path.relative(projectDir, pkg.root).split(path.sep).join('/') || '.', name: `${header.namespace}:${header.name}`, version: header.version, worlds, parses, input });
    }
  }
  return out;
}

/**
 * The source of world `ns:pkg/world@v`: same package name and world (or a package of that name that does not parse,
 * whose preparation then says where), the same version preferred (a bumped package still matches).
 */
export function sourceOfWorld(sources: readonly WitSource[], worldId: string): WitSource | undefined {
  const m = /^([^/]+)\/([^@]+)(?:@(.+))?$/.exec(worldId);
  if (!m) return undefined;
  const fits = sources.filter((s) => s.name === m[1] && (s.worlds.includes(m[2]!) || !s.parses));
  return fits.find((s) => s.version === m[3]) ?? fits[0];
}

/** Writes the package before and after migration into a fresh folder under `scratch`. Throws MigrateError when the WIT cannot be migrated. */
export function prepare(source: WitSource, scratch: string): PreparedWit {
  const migration = migrateInput(source.input);
  const dir = mkdtempSync(path.join(scratch, 'wit-'));
  const beforeDir = path.join(dir, 'before');
  const afterDir = path.join(dir, 'after');
  writeTree(beforeDir, withOfficialDeps({ ...source.input.files }, { ...source.input.depFiles }));
  writeTree(afterDir, withOfficialDeps(migration.files, migration.depFiles));
  return { source, beforeDir, afterDir, migration };
}

function writeTree(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    if (!rel.endsWith('.wit')) continue;
    const abs = path.join(dir, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  }
}

export function makeScratch(): { dir: string; dispose(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'wasi-migrate-decl-'));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
