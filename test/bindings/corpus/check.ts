/**
 * The bindings rewriter on real third-party code (../shared/corpus/thirdparty/code),
 * as a new user runs it: each project copied to a temp git repo, then the
 * built CLI's `migrate --write`, and then:
 *  (a) real tsc against the guest types jco generates for the unit's world,
 *      the 0.2 original against the world as found and the port against the
 *      world as `migrate` wrote it: errors the original did not have are new;
 *  (b) a second `migrate` run changes nothing (`--check` exits 0 or 1 with no file to change);
 *  (c) every review item's line is the code it is about, the marker right above it.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportTypeErrors } from '../../../src/fuzz/bindings-check.js';
import { cli, git } from '../../review/helpers.js';
import { corpusPath } from '../../../src/util/corpus.js';

export const CORPUS = corpusPath('thirdparty', 'code');

export interface Unit {
  /** Short name for the table. */
  readonly name: string;
  /** The project `migrate` runs on, relative to CORPUS. */
  readonly project: string;
  /** The unit's entry module, relative to the project. */
  readonly entry: string;
  /** The WIT package folder or file holding its world, relative to the project. */
  readonly wit: string;
  readonly world: string;
}

export const UNITS: readonly Unit[] = [
  { name: 'componentizejs http-server', project: 'componentizejs-tests', entry: 'cases/http-server/source.js', wit: 'wit', world: 'test3' },
  { name: 'componentizejs http-request', project: 'componentizejs-tests', entry: 'cases/http-request/source.js', wit: 'wit', world: 'test2' },
  { name: 'componentizejs api', project: 'componentizejs-tests', entry: 'api/index.js', wit: 'wit', world: 'test1' },
  { name: 'componentizejs wall-clock', project: 'componentizejs-tests', entry: 'cases/wall-clock/source.js', wit: 'cases/wall-clock/world.wit', world: 'wall-clock-world' },
  { name: 'wasmcloud http-hello-world', project: 'wasmcloud-http-hello-world', entry: 'src/http-hello-world.ts', wit: 'wit', world: 'hello' },
  { name: 'wasmcloud http-stdio', project: 'wasmcloud-http-stdio', entry: 'src/component.ts', wit: 'wit', world: 'typescript-http-stdout' },
  { name: 'wasmcloud http-client', project: 'wasmcloud-http-client', entry: 'src/component.ts', wit: 'wit', world: 'typescript-http-client' },
  { name: 'wasmcloud http-hello-world-fetch', project: 'wasmcloud-http-hello-world-fetch', entry: 'src/component.ts', wit: 'wit', world: 'typescript-http-hello-world' },
  { name: 'wasmcloud tcp-echo component', project: 'wasmcloud-service-tcp-echo/component', entry: 'src/component.ts', wit: 'wit', world: 'typescript-tcp-component' },
  { name: 'wasmcloud tcp-echo service', project: 'wasmcloud-service-tcp-echo/service', entry: 'src/service.ts', wit: 'wit', world: 'typescript-tcp-service' },
];

export interface ProjectRun {
  /** The migrated copy (a git repo whose HEAD is the original). */
  readonly dir: string;
  readonly original: string;
  readonly writeExit: number | null;
  readonly writeOutput: string;
  /** Files the second run would still change ([] = idempotent). */
  readonly secondRunChanges: string[];
  readonly secondRunExit: number | null;
  readonly reviews: { file: string; line: number; message: string }[];
  dispose(): void;
}

interface JsonReport {
  units: { label: string; root: string; files: { path: string }[]; reviews: { file: string; line: number; message: string }[] }[];
}

/** Copies `project` to a fresh git repo, runs `migrate --write`, then `migrate --format json` again. */
export function runProject(project: string): ProjectRun {
  const base = mkdtempSync(path.join(tmpdir(), 'wasi-migrate-corpus-'));
  const original = path.join(base, 'original');
  const dir = path.join(base, 'port');
  cpSync(path.join(CORPUS, project), original, { recursive: true });
  cpSync(original, dir, { recursive: true });
  // shared/ has no write bits and cpSync keeps modes; a user's checkout is writable (wasi-migrate refuses read-only targets).
  execFileSync('chmod', ['-R', 'u+w', dir]);
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'original');
  const first = cli(dir, ['migrate', '.', '--write', '--format', 'json']);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--allow-empty', '-m', 'port');
  const doc = first.out.trim().startsWith('{') ? (JSON.parse(first.out) as JsonReport) : { units: [] };
  const rel = (u: JsonReport['units'][number], f: string) => path.posix.join(u.root, f);
  const reviews = doc.units.flatMap((u) => u.reviews.map((r) => ({ ...r, file: rel(u, r.file) })));
  const second = cli(dir, ['migrate', '.', '--format', 'json']);
  const doc2 = second.out.trim().startsWith('{') ? (JSON.parse(second.out) as JsonReport) : { units: [] };
  return {
    dir,
    original,
    writeExit: first.code,
    writeOutput: first.out + first.err,
    secondRunChanges: doc2.units.flatMap((u) => u.files.map((f) => rel(u, f.path))),
    secondRunExit: second.code,
    reviews,
    dispose: () => rmSync(base, { recursive: true, force: true }),
  };
}

/**
 * tsc errors of `unit` in `projectDir` against jco's guest types for its
 * world there: its modules must type-check and its exports be the world's.
 * Each error as `file: TScode message` (no line: compared across versions).
 */
export async function typeErrors(projectDir: string, unit: Unit): Promise<string[]> {
  return exportTypeErrors(projectDir, unit.entry, path.join(projectDir, unit.wit), unit.world, true);
}

/** The fuzzer's: errors in `after` that `before` does not have (as multisets), and the end of its generated types. */
export { disposeTypeCache, newErrors } from '../../../src/fuzz/bindings-check.js';

/**
 * Review items not on their marker, or whose marker is not right above the
 * code it is about: the reported line is the `wasi-migrate(review)` line
 * carrying the message (the project's convention, WIT and code alike), and
 * the first line below the marker block is code. Items on jco declaration
 * files (`.d.ts`) are about the whole generated tree and carry no marker.
 */
export function misplacedReviews(run: ProjectRun, reviews = run.reviews): string[] {
  const bad: string[] = [];
  const isMarker = (l: string) => /^\s*\/\/\s*wasi-migrate\(review\)/.test(l);
  for (const r of reviews) {
    if (r.file.endsWith('.d.ts')) continue;
    const file = path.join(run.dir, r.file);
    const lines = existsSync(file) ? readFileSync(file, 'utf8').split('\n') : [];
    const at = lines[r.line - 1] ?? '';
    const msg = r.message.replace(/\s*\n\s*/g, ' ');
    let next = r.line;
    while (next < lines.length && isMarker(lines[next]!)) next++;
    const below = (lines[next] ?? '').trim();
    if (!isMarker(at) || !at.includes(msg)) bad.push(`${r.file}:${r.line}: not the marker of "${msg.slice(0, 80)}"`);
    else if (!below || /^(\/\/|\/\*|\*)/.test(below) || /^[)}\]];?,?$/.test(below)) bad.push(`${r.file}:${r.line}: no code right below the marker of "${msg.slice(0, 80)}"`);
  }
  return bad;
}
