/**
 * SARIF that code scanning places right, on every WIT fixture: each result
 * points at lines of the file as it is in the repository (the 0.2 input, not
 * the migrated text), its snippet is that text, and its URI is relative to the
 * repository root (`%SRCROOT%`) while the tool runs in a subfolder. A pending
 * change sits on the original lines its hunk removes; a needs-review item on
 * the original line of the item its marker annotates, which names what the
 * message quotes.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Log, Result } from 'sarif';
import { runMigration } from '../../src/migrate/run.js';
import { allFileDiffs } from '../../src/review/hunks.js';
import type { ReviewReport } from '../../src/review/model.js';
import { render } from '../../src/review/render.js';
import { cwdInRepo } from '../../src/review/repo-root.js';
import { witReviewReport } from '../../src/review/wit/report.js';
import { cleanTmps, cli, copyFixture, FIXTURES, git, requireBuiltCli, sarifValidator, tmp } from './helpers.js';

afterAll(cleanTmps);

const lines = (text: string) => text.replace(/\n$/, '').split('\n');

/** A git repository with the fixture's input at `<repo>/wit-packages/<name>`; the tool runs in `<repo>/wit-packages`. */
function repoWith(name: string): { repo: string; cwd: string; pkg: string } {
  const repo = tmp();
  git(repo, 'init', '-q');
  const cwd = path.join(repo, 'wit-packages');
  mkdirSync(cwd);
  return { repo, cwd, pkg: copyFixture(name, 'input', cwd) };
}

function regionText(file: string, start: number, end: number): string {
  return lines(readFileSync(file, 'utf8')).slice(start - 1, end).join('\n');
}

/** The names a review message quotes (`a.b`, `x`/`y`), each also split at `.` and `/`. */
function quoted(message: string): string[] {
  return [...message.matchAll(/`([^`]+)`/g)].flatMap((m) => [m[1]!, ...m[1]!.split(/[./]/)]).filter((n) => /^[a-z%][a-z0-9-]*$/.test(n) || n.includes('.'));
}

const fixtures = readdirSync(FIXTURES).filter((n) => existsSync(path.join(FIXTURES, n, 'input'))).sort();
const seen = { change: 0, review: 0, created: 0 };

describe.each(fixtures)('%s', (name) => {
  let report: ReviewReport;
  let log: Log;
  let where: ReturnType<typeof repoWith>;
  beforeAll(async () => {
    where = repoWith(name);
    report = witReviewReport(await runMigration([where.pkg], { validate: false }), { cwd: where.cwd });
    log = JSON.parse(render(report, 'sarif', { cwdInRepo: cwdInRepo(where.cwd) })) as Log;
  });

  test('schema-valid; URIs relative to the repository root through %SRCROOT%', () => {
    const validate = sarifValidator();
    expect(validate(log)).toBe(true);
    expect(validate.errors ?? []).toEqual([]);
    expect(Object.keys(log.runs[0]!.originalUriBaseIds ?? {})).toEqual(['%SRCROOT%']);
    for (const r of log.runs[0]!.results!) {
      const a = r.locations![0]!.physicalLocation!.artifactLocation!;
      expect(a.uriBaseId).toBe('%SRCROOT%');
      expect(a.uri).toMatch(new RegExp(`^wit-packages/${name}/`));
    }
  });

  test('every region is lines of the file as checked in, and its snippet is their text', () => {
    const diffs = allFileDiffs(report);
    for (const r of log.runs[0]!.results! as Result[]) {
      const loc = r.locations![0]!.physicalLocation!;
      const file = path.join(where.repo, decodeURI(loc.artifactLocation!.uri!));
      const diff = diffs.find((d) => path.join(where.cwd, d.shown) === file)!;
      if (!existsSync(file)) {
        // Only a file the run would create is not in the repository: no lines to point at.
        expect(r.properties?.status).toBe('created');
        expect(diff.status).toBe('created');
        expect(loc.region).toBeUndefined();
        seen.created++;
        continue;
      }
      const region = loc.region!;
      const text = regionText(file, region.startLine!, region.endLine!);
      expect(region.snippet!.text).toBe(text);
      if (r.properties?.category === 'pending-change') {
        seen.change++;
        // The hunk the message names (`-12,32 +12,27`): the region runs from its first to its last removed line
        // or, for a hunk that only adds, is the original line the addition goes before.
        const [, os, ol, ns, nl] = /-(\d+),(\d+) \+(\d+),(\d+)\)/.exec(r.message.text!)!.map(Number);
        const h = diff.hunks.find((x) => x.oldStart === os && x.oldLines === ol && x.newStart === ns && x.newLines === nl)!;
        let old = h.oldStart;
        const removed: number[] = [];
        let firstAdd = 0;
        for (const l of h.lines) {
          if (l[0] === ' ') old++;
          else if (l[0] === '-') removed.push(old++);
          else if (l[0] === '+' && !firstAdd) firstAdd = old;
        }
        if (removed.length) expect([region.startLine, region.endLine]).toEqual([removed[0], removed[removed.length - 1]]);
        else {
          const at = Math.min(firstAdd, lines(diff.change.before!).length);
          expect([region.startLine, region.endLine]).toEqual([at, at]);
        }
        // ...and those original lines are the ones the hunk removes.
        const removedText = h.lines.filter((l) => l[0] === '-').map((l) => l.slice(1));
        expect(removed.map((n) => lines(diff.change.before!)[n - 1])).toEqual(removedText);
      } else if (r.properties?.category === 'left-for-a-human') {
        // A place the run leaves (its line mapped back from the migrated text): a marker, or the 0.2 line the message quotes.
        expect(region.startLine).toBe(region.endLine);
        if (r.properties.kind === 'review-marker') expect(text).toMatch(/wasi-migrate\(review\)/);
        else expect(r.message.text).toContain(text.trim());
      } else {
        seen.review++;
        expect(region.startLine).toBe(region.endLine);
        // The item's own line: it names what the message quotes.
        const names = quoted(r.message.text!);
        expect(names.length).toBeGreaterThan(0);
        expect(names.some((n) => text.includes(n))).toBe(true);
        expect(text).not.toMatch(/wasi-migrate\(review\)/);
      }
    }
  });
});

test('the fixtures exercise pending changes, review items and created files', () => {
  expect(seen.change).toBeGreaterThanOrEqual(25);
  expect(seen.review).toBeGreaterThanOrEqual(15);
  expect(seen.created).toBeGreaterThanOrEqual(1);
});

test('the CLI writes repository-relative URIs from any folder of the repository', () => {
  requireBuiltCli();
  const { repo, cwd } = repoWith('sensor-hub');
  for (const [dir, arg] of [
    [cwd, 'sensor-hub'],
    [path.join(cwd, 'sensor-hub'), '.'],
    [repo, 'wit-packages/sensor-hub'],
  ] as const) {
    const r = cli(dir, ['wit', arg, '--format', 'sarif']);
    expect(r.err).toBe('');
    const log = JSON.parse(r.out) as Log;
    const review = log.runs[0]!.results!.find((x) => x.message.text!.includes('in `describe`'))!;
    const loc = review.locations![0]!.physicalLocation!;
    expect(loc.artifactLocation).toEqual({ uri: 'wit-packages/sensor-hub/sensors.wit', uriBaseId: '%SRCROOT%' });
    // The checked-in line of `describe` (the migrated text has it elsewhere, under a marker).
    expect(loc.region!.startLine).toBe(35);
    expect(loc.region!.snippet!.text).toMatch(/^\s*describe: func\(err: borrow<stream-error>\)/);
  }
});
