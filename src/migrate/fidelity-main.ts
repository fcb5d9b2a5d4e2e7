import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fidelity, rcFidelity } from './fidelity.js';
import { corpusPath } from '../util/corpus.js';

// `npm run fidelity [-- <corpus>] [--rules 1,2,3]`: --rules measures a subset (default: every generic rule).
const args = process.argv.slice(2);
const at = args.indexOf('--rules');
const rules = at >= 0 ? args.splice(at, 2)[1]!.split(',').map(Number) : undefined;
const corpus = args[0] ?? corpusPath('wasi');
const r = fidelity(corpus, rules);
console.log(`fidelity: ${((100 * r.agree) / r.total).toFixed(1)}% (${r.agree}/${r.total})`);
for (const d of r.disagreements) console.log(`  ${d}`);
// Each WASI 0.3 release candidate, migrated as a user package, against the official 0.3.0 (every rule).
const rcRoot = path.join(corpus, '..', 'thirdparty', 'wasi-rc');
if (existsSync(rcRoot)) {
  for (const rc of readdirSync(rcRoot).sort()) {
    const x = rcFidelity(path.join(rcRoot, rc), path.join(corpus, '0.3.0'));
    console.log(`fidelity ${rc.replace(/^0\.3\.0-/, '')}: ${((100 * x.agree) / x.total).toFixed(1)}% (${x.agree}/${x.total})`);
    for (const d of x.disagreements) console.log(`  ${d}`);
  }
}
