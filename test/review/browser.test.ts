/**
 * The review page in a real browser: Debian's Chromium, headless, driven by
 * playwright-core. The page comes from the built CLI on a copy of the
 * multi-file fixture (several rules, review items, created and deleted files).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { cleanTmps, cli, copyFixture, requireBuiltCli, TEST_OUTPUT, tmp } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';

interface JsonHunk {
  rules: string[];
  reviews: unknown[];
}
interface JsonDoc {
  summary: { hunks: number; needsReview: number; files: number };
  units: { files: { shown: string; hunks: JsonHunk[] }[]; api: { ok: boolean; changes: unknown[] } }[];
}

let browser: Browser | undefined;
let page: string;
let doc: JsonDoc;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: this test needs Debian's chromium package (apt-get update && apt-get install -y chromium; .ci/run does it)`);
  }
  requireBuiltCli();
  const dir = tmp();
  copyFixture('multi-file', 'input', dir, 'mf');
  page = path.join(dir, 'review.html');
  const html = cli(dir, ['wit', 'mf', '--format', 'html', '--out', page]);
  expect(html.code).toBe(1);
  const json = cli(dir, ['wit', 'mf', '--format', 'json']);
  doc = JSON.parse(json.out) as JsonDoc;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
});

afterAll(async () => {
  await browser?.close();
  cleanTmps();
});

test('the review page shows every hunk with its rule badges, filters by rule and by needs-review, and loads nothing from the network', async () => {
  const files = doc.units[0]!.files;
  const hunks = files.flatMap((f) => f.hunks);
  expect(hunks.length).toBe(doc.summary.hunks);
  expect(hunks.length).toBeGreaterThan(3);

  const ctx = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
  const p = await ctx.newPage();
  const requests: string[] = [];
  p.on('request', (r) => requests.push(r.url()));
  const errors: string[] = [];
  p.on('pageerror', (e) => errors.push(String(e)));
  await p.goto(`file://${page}`);

  // Hunks and badges, in the order of the JSON review (both come from the same run).
  const shown = await p.$$eval('.hunk', (els) => els.map((e) => [...e.querySelectorAll('.hunk-head .badge[data-rule]')].map((b) => b.getAttribute('data-rule'))));
  expect(shown).toEqual(hunks.map((h) => h.rules));
  for (const badges of shown) expect(badges.length).toBeGreaterThan(0);
  const paths = await p.$$eval('.file', (els) => els.map((e) => e.getAttribute('data-path')));
  expect(paths).toEqual(files.map((f) => f.shown));
  expect(await p.textContent('#summary [data-count="hunks"] b')).toBe(String(hunks.length));
  expect(await p.textContent('#summary [data-count="needs review"] b')).toBe(String(doc.summary.needsReview));
  expect(await p.locator('#api tr.api').count()).toBe(doc.units[0]!.api.changes.length);
  expect(await p.textContent('#shown-count')).toBe(`${hunks.length} of ${hunks.length} hunks shown`);

  // Filter by a rule that made some hunks but not all.
  const rule = 'vendored-deps';
  const withRule = hunks.filter((h) => h.rules.includes(rule)).length;
  expect(withRule).toBeGreaterThan(0);
  expect(withRule).toBeLessThan(hunks.length);
  await p.selectOption('#filter-rule', rule);
  const visible = await p.$$eval('.hunk', (els) => els.map((e) => !(e as HTMLElement).hidden && (e as HTMLElement).offsetParent !== null));
  expect(visible).toEqual(hunks.map((h) => h.rules.includes(rule)));
  expect(await p.locator('.hunk:visible').count()).toBe(withRule);
  // A file none of whose hunks the rule made is hidden as a whole.
  const fileVisible = await p.$$eval('.file', (els) => els.map((e) => (e as HTMLElement).offsetParent !== null));
  expect(fileVisible).toEqual(files.map((f) => f.hunks.some((h) => h.rules.includes(rule))));
  expect(await p.textContent('#shown-count')).toBe(`${withRule} of ${hunks.length} hunks shown`);

  // Needs-review only, across all rules.
  await p.selectOption('#filter-rule', '');
  await p.check('#filter-review');
  const needing = hunks.filter((h) => h.reviews.length > 0).length;
  expect(needing).toBeGreaterThan(0);
  expect(await p.locator('.hunk:visible').count()).toBe(needing);
  const visibleReview = await p.$$eval('.hunk', (els) => els.filter((e) => (e as HTMLElement).offsetParent !== null).map((e) => e.getAttribute('data-review')));
  expect(new Set(visibleReview)).toEqual(new Set(['1']));

  mkdirSync(TEST_OUTPUT, { recursive: true });
  await p.uncheck('#filter-review');
  const shot = path.join(TEST_OUTPUT, 'review-page.png');
  await p.screenshot({ path: shot, fullPage: true });
  expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG');

  expect(errors).toEqual([]);
  expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
  expect(requests).toEqual([`file://${page}`]);
  await ctx.close();
});
