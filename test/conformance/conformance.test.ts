/**
 * The conformance suite (src/conformance/suite.ts) inside `npm test`: one jest
 * test per case, so a failing case shows by name with its detail. A case in
 * KNOWN_GAPS must still fail (with the reason recorded there); every other
 * case must pass. Nothing is skipped.
 */
import { KNOWN_GAPS } from '../../src/conformance/known-gaps.js';
import { allCases, parseFailWithoutInput, runCase, summarize, type CaseResult } from '../../src/conformance/suite.js';
import { corpusRoot } from '../../src/util/corpus.js';

const cases = allCases(corpusRoot());
const results = new Map<string, CaseResult>();

describe('conformance', () => {
  test.each(cases.map((c) => [`${c.suite}/${c.name}`, c] as const))('%s', (_label, c) => {
    const r = runCase(c);
    results.set(`${c.suite}/${c.name}`, r);
    expect(r.name).toBe(c.name);
    const gap = KNOWN_GAPS[`${c.suite}/${c.name}`];
    if (gap === undefined) {
      // On failure jest prints the received value: the case's detail.
      expect(r.ok ? 'pass' : `FAIL: ${r.detail}`).toBe('pass');
    } else {
      // A known gap that starts passing must leave the list.
      expect(r.ok ? `now passes; remove it from KNOWN_GAPS (${gap})` : 'still a known gap').toBe('still a known gap');
    }
  });
});

describe('conformance summary', () => {
  test('covers the three suites, every case once, and has the `conformance: N passed, M failed` shape', () => {
    const all = cases.map((c) => results.get(`${c.suite}/${c.name}`) ?? runCase(c));
    const { bySuite, text } = summarize(all);
    const line = text.trimEnd().split('\n').pop()!;
    process.stdout.write(text);

    expect([...bySuite.keys()].sort()).toEqual(['parse-fail', 'valid', 'wasi']);
    const names0 = new Set(cases.map((c) => `${c.suite}/${c.name}`));
    expect(new Set(cases.map((c) => `${c.suite}/${c.name}`)).size).toBe(cases.length);
    for (const r of all) {
      expect(typeof r.detail).toBe('string');
      expect(r.detail.length).toBeGreaterThan(0);
    }
    // Every WASI release package is a case (5 releases in the corpus, 7 or so packages each).
    expect(bySuite.get('wasi')!.passed + bySuite.get('wasi')!.failed).toBeGreaterThanOrEqual(30);
    expect(line).toMatch(/^conformance: \d+ passed, \d+ failed$/);
    // A .wit.result whose input the corpus lacks is not a case (nothing to parse), and is listed as such.
    const missing = parseFailWithoutInput(corpusRoot());
    expect(missing).toEqual(['async', 'async1', 'unterminated-string']);
    for (const m of missing) expect(names0.has(`parse-fail/${m}`)).toBe(false);
    // Every known gap names a real case.
    const names = new Set(cases.map((c) => `${c.suite}/${c.name}`));
    for (const k of Object.keys(KNOWN_GAPS)) expect(names.has(k) ? k : `unknown case ${k}`).toBe(k);
  });
});
