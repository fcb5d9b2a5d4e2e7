/** `npm run conformance`: runs the whole suite, lists failures, ends with the summary line. */
import { allCases, parseFailWithoutInput, runCase, summarize } from './suite.js';
import { corpusRoot } from '../util/corpus.js';

const verbose = process.argv.includes('--verbose');
const results = allCases(corpusRoot()).map(runCase);
for (const r of results) {
  if (!r.ok || verbose) process.stdout.write(`${r.ok ? 'pass' : 'FAIL'} ${r.suite}/${r.name}: ${r.detail}\n`);
}
const missing = parseFailWithoutInput(corpusRoot());
if (missing.length) process.stdout.write(`  not cases: ${missing.length} parse-fail .wit.result files whose input the corpus lacks (${missing.join(', ')})\n`);
const summary = summarize(results);
process.stdout.write(summary.text);
process.exitCode = summary.failed === 0 ? 0 : 1;
