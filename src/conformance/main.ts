/** `npm run conformance`: runs the whole suite, lists failures, ends with the summary line. */
import { allCases, corpusDir, runCase } from './suite.js';

const verbose = process.argv.includes('--verbose');
const results = allCases(corpusDir()).map(runCase);
for (const r of results) {
  if (!r.ok || verbose) process.stdout.write(`${r.ok ? 'pass' : 'FAIL'} ${r.suite}/${r.name}: ${r.detail}\n`);
}
const bySuite = new Map<string, { p: number; f: number }>();
for (const r of results) {
  const s = bySuite.get(r.suite) ?? { p: 0, f: 0 };
  if (r.ok) s.p++;
  else s.f++;
  bySuite.set(r.suite, s);
}
for (const [suite, s] of bySuite) process.stdout.write(`  ${suite}: ${s.p} passed, ${s.f} failed\n`);
const passed = results.filter((r) => r.ok).length;
process.stdout.write(`conformance: ${passed} passed, ${results.length - passed} failed\n`);
process.exitCode = passed === results.length ? 0 : 1;
