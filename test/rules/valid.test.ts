/** Every rule case's output is accepted by the real wit-parser (jco's wasm-tools), like every `wit` run's output. */
import { rules } from '../../rules/index.js';
import { caseFiles, runCase } from '../../src/migrate/cases.js';
import { validateFiles } from '../../src/migrate/validate.js';

const cases = rules.flatMap((r) => r.cases.map((c) => [`${r.id}: ${c.name}`, r, c] as const));

it.each(cases)('%s', async (_name, rule, c) => {
  const res = runCase(rule, c);
  const out = await validateFiles(res.files, res.depFiles);
  const files = caseFiles(c.before);
  const input = await validateFiles(Object.fromEntries(Object.entries(files).filter(([p]) => !p.startsWith('deps/'))), Object.fromEntries(Object.entries(files).filter(([p]) => p.startsWith('deps/'))));
  // A case whose input wit-parser rejects (a dep it does not have, a bad `use` the rules drop) may stay
  // rejected, but only for that same reason: the rules must not add another.
  if (!input.ok && !out.ok) expect(out).toEqual(input);
  else expect(out).toEqual({ ok: true });
});
