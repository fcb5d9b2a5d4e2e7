import { fidelity } from './fidelity.js';

const corpus = process.argv[2] ?? process.env.WASI_CORPUS ?? '../shared/corpus/wasi';
const r = fidelity(corpus);
console.log(`fidelity: ${((100 * r.agree) / r.total).toFixed(1)}% (${r.agree}/${r.total})`);
for (const d of r.disagreements) console.log(`  ${d}`);
