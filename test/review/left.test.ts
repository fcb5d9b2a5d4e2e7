/**
 * What of the old version is left after a run (the `--check` gate) is shown
 * in every format that tells a user why `--check` fails: a tree written by
 * `--write` that keeps review markers fails `--check`, and code scanning
 * (SARIF) and the review page (HTML) must say where, as the text and JSON do.
 * On real third-party WIT: wasi-blobstore keeps five review markers.
 */
import type { Log } from 'sarif';
import { chmodSync, cpSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { corpusPath } from '../../src/util/corpus.js';
import { cleanTmps, cli, requireBuiltCli, sarifValidator, tmp } from './helpers.js';

const BLOBSTORE = corpusPath('thirdparty', 'wit', 'wasi-blobstore');

/** Makes a copied tree writable (the corpus is read-only, and copies keep its modes). */
function writable(p: string): void {
  chmodSync(p, statSync(p).isDirectory() ? 0o755 : 0o644);
  if (statSync(p).isDirectory()) for (const e of readdirSync(p)) writable(path.join(p, e));
}

/** A writable copy of the corpus tree under a fresh temp folder (cwd), as `tree/`. */
function copyTree(): { cwd: string; dir: string } {
  const cwd = tmp();
  const dir = path.join(cwd, 'tree');
  cpSync(BLOBSTORE, dir, { recursive: true });
  writable(dir);
  return { cwd, dir };
}

type ReviewJson = { summary: { needsReview: number }; units: { reviews: { rule: string; messageId?: string; file: string; message: string }[]; remaining: { kind: string }[] }[] };
type LeftJson = { summary: { remaining: number; needsReview: number }; units: { remaining: { kind: string; file: string; line: number }[] }[] };

beforeAll(requireBuiltCli);
afterAll(cleanTmps);

describe('after --write, what is left fails --check and every format says where', () => {
  let cwd: string;
  let dir: string;
  beforeAll(() => {
    ({ cwd, dir } = copyTree());
    const w = cli(cwd, ['wit', 'tree', '--write', '--allow-no-vcs']);
    expect(w.err).toBe('');
    expect(w.code).toBe(0);
  });

  test('SARIF: one warning per place left, on its line in the file as it is', () => {
    const json = JSON.parse(cli(cwd, ['wit', 'tree', '--check', '--format', 'json']).out) as LeftJson;
    const left = json.units.flatMap((u) => u.remaining);
    const markers = left.filter((l) => l.kind === 'review-marker');
    expect(markers.length).toBeGreaterThan(0);
    // Each marker the --write left is a review item still (the count agrees with the markers in the files).
    expect(json.summary.needsReview).toBe(markers.length);
    const r = cli(cwd, ['wit', 'tree', '--check', '--format', 'sarif']);
    expect(r.code).toBe(1);
    const log = JSON.parse(r.out) as Log;
    const validate = sarifValidator();
    expect(validate(log)).toBe(true);
    const results = log.runs[0]!.results!;
    const leftResults = results.filter((x) => x.properties?.category === 'left-for-a-human');
    expect(results).toHaveLength(left.length);
    expect(leftResults).toHaveLength(left.length - markers.length);
    const rules = log.runs[0]!.tool.driver.rules!;
    // A marker is a needs-review result (on its line), any other place a left-for-a-human one.
    for (const x of results) {
      expect(x.level).toBe('warning');
      expect(rules[x.ruleIndex!]!.id).toBe(x.ruleId);
      const loc = x.locations![0]!.physicalLocation!;
      const file = loc.artifactLocation!.uri!.replace(/^tree\//, '');
      const line = readFileSync(path.join(dir, file), 'utf8').split('\n')[loc.region!.startLine! - 1]!;
      expect(left).toContainEqual(expect.objectContaining({ file, line: loc.region!.startLine }));
      if (x.properties!.category === 'needs-review' || x.properties!.kind === 'review-marker') expect(line).toContain('wasi-migrate(review)');
    }
  });

  test('HTML: the page lists every place left and counts them', () => {
    const json = JSON.parse(cli(cwd, ['wit', 'tree', '--check', '--format', 'json']).out) as LeftJson;
    const left = json.units.flatMap((u) => u.remaining);
    const html = cli(cwd, ['wit', 'tree', '--check', '--format', 'html']).out;
    expect(html).toContain(`<h2>Left of the old version (${left.length})</h2>`);
    expect(html).toMatch(new RegExp(`<li data-count="left for a human"><b>${left.length}</b>`));
    for (const l of left) expect(html).toContain(`<code>tree/${l.file}:${l.line}</code>`);
  });
});

// A rule says what it changed once (io-removal's "left empty" world, a renamed type): a second run raised nothing there,
// so after --write the summary counted fewer items needing review than the markers standing (wasi-virt: 9 for 10).
test('after --write, each marker is a review item of its rule again, with its message id', () => {
  const { cwd } = copyTree();
  const first = JSON.parse(cli(cwd, ['wit', 'tree', '--format', 'json']).out) as ReviewJson;
  expect(cli(cwd, ['wit', 'tree', '--write', '--allow-no-vcs']).code).toBe(0);
  const again = JSON.parse(cli(cwd, ['wit', 'tree', '--check', '--format', 'json']).out) as ReviewJson;
  const ids = (j: ReviewJson) => j.units.flatMap((u) => u.reviews.filter((v) => v.file.endsWith('.wit')).map((v) => `${v.rule} ${v.messageId} ${v.message}`)).sort();
  expect(ids(first).length).toBeGreaterThan(0);
  expect(ids(again)).toEqual(ids(first));
  expect(again.summary.needsReview).toBe(again.units.flatMap((u) => u.remaining).filter((l) => l.kind === 'review-marker').length);
});

test('a standing marker: its rule\'s message when its text fills one (rule 7\'s "left empty" world), else a review-marker item', () => {
  const cwd = tmp();
  mkdirSync(path.join(cwd, 'tree'));
  writeFileSync(path.join(cwd, 'tree', 'app.wit'), [
    'package my:app@0.1.0;',
    '',
    '// wasi-migrate(review): world `io-test` only held wasi:io, which 0.3 does not have (its streams, futures and errors are built in), and is left empty: it imports and exports nothing now; give it what its components need, or delete it',
    'world io-test {',
    '}',
    '',
    '// wasi-migrate(review): check the retry count by hand',
    'interface api {',
    '  get: func() -> u32;',
    '}',
    '',
  ].join('\n'));
  const r = cli(cwd, ['wit', 'tree', '--check', '--format', 'json']);
  expect(r.code).toBe(1);
  const json = JSON.parse(r.out) as ReviewJson;
  expect(json.summary.needsReview).toBe(2);
  expect(json.units[0]!.reviews.map((v) => [v.rule, v.messageId, v.message.slice(0, 16)])).toEqual([
    ['io-removal', 'worldLeftEmpty', 'world `io-test` '],
    ['review-marker', undefined, 'check the retry '],
  ]);
  const log = JSON.parse(cli(cwd, ['wit', 'tree', '--check', '--format', 'sarif']).out) as Log;
  expect(sarifValidator()(log)).toBe(true);
  expect(log.runs[0]!.results!.map((x) => [x.ruleId, x.properties?.category])).toEqual([
    ['io-removal', 'needs-review'],
    ['review-marker', 'needs-review'],
  ]);
});

// The same for \`bindings\`: after --write, a second run raised nothing at the markers the first wrote (better-together's
// reynard.js: 2 markers, '0 need review, 2 left for a human').
test('bindings: a standing marker is a review item of its transform\'s message, else a review-marker item', () => {
  const cwd = tmp();
  mkdirSync(path.join(cwd, 'app'));
  writeFileSync(path.join(cwd, 'app', 'player.js'), [
    'export const player = {',
    '  // wasi-migrate(review): `player.matchEnd` now awaits a WASI 0.3 call and returns a promise, and there is no WIT beside the code to check it against: if the component exports it, make its WIT `func` an `async func` (its callers then await it), or keep the export sync by hand',
    '  async matchEnd() {},',
    '  // wasi-migrate(review): check the retry count by hand',
    '  retries: 3,',
    '};',
    '',
  ].join('\n'));
  const r = cli(cwd, ['bindings', 'app', '--check', '--format', 'json']);
  expect(r.code).toBe(1);
  const json = JSON.parse(r.out) as ReviewJson;
  expect(json.summary.needsReview).toBe(2);
  expect(json.units[0]!.reviews.map((v) => [v.rule, v.messageId, v.message.slice(0, 16)])).toEqual([
    ['bindings/async-callers', 'exportNoWit', '`player.matchEnd'],
    ['review-marker', undefined, 'check the retry '],
  ]);
});

test('on the 0.2 tree, a marker the run itself adds is one needs-review result, not a second one for what is left', () => {
  const { cwd } = copyTree();
  const json = JSON.parse(cli(cwd, ['wit', 'tree', '--check', '--format', 'json']).out) as LeftJson;
  const markers = json.units.flatMap((u) => u.remaining).filter((l) => l.kind === 'review-marker');
  expect(markers.length).toBeGreaterThan(0);
  const results = (JSON.parse(cli(cwd, ['wit', 'tree', '--check', '--format', 'sarif']).out) as Log).runs[0]!.results!;
  const left = results.filter((x) => x.properties?.category === 'left-for-a-human');
  expect(left.filter((x) => x.properties!.kind === 'review-marker')).toEqual([]);
  expect(results.filter((x) => x.properties?.category === 'needs-review').length).toBe(json.summary.needsReview);
});
