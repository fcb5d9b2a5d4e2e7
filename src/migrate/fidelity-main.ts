import { fidelity } from './fidelity.js';

// `npm run fidelity [-- <corpus>] [--rules 1,2,3]`: --rules measures a subset (default: every generic rule).
const args = process.argv.slice(2);
const at = args.indexOf('--rules');
const rules = at >= 0 ? args.splice(at, 2)[1]!.split(',').map(Number) : undefined;
const corpus = args[0] ?? process.env.WASI_CORPUS ?? '../shared/corpus/wasi';
const r = fidelity(corpus, rules);
console.log(`fidelity: ${((100 * r.agree) / r.total).toFixed(1)}% (${r.agree}/${r.total})`);
for (const d of r.disagreements) console.log(`  ${d}`);
