/** The generic rules against the WASI authors' own 0.3.0 port of 0.2.12 (what `npm run fidelity` prints). */
import { fidelity } from '../../src/migrate/fidelity.js';
import { corpusPath } from '../../src/util/corpus.js';

const corpus = corpusPath('wasi');

it('the generic rules agree with the authors on at least 90% of the 0.2.12 functions', () => {
  const r = fidelity(corpus);
  expect(r.total).toBeGreaterThan(100);
  expect(r.agree / r.total).toBeGreaterThanOrEqual(0.9);
  expect(r.disagreements).toHaveLength(r.total - r.agree);
});

it('the later shape rules add to what rules 1-7 alone achieve', () => {
  const base = fidelity(corpus, [1, 2, 3, 4, 5, 6, 7]);
  const all = fidelity(corpus);
  expect(all.total).toBe(base.total);
  expect(all.agree).toBeGreaterThan(base.agree);
});
