/** Every rule case's output is accepted by the real wit-parser (jco's wasm-tools), like every `wit` run's output. */
import { rules } from '../../rules/index.js';
import { caseFiles, runCase } from '../../src/migrate/cases.js';
import { validateFiles, withOfficialDeps } from '../../src/migrate/validate.js';

const cases = rules.flatMap((r) => r.cases.map((c) => [`${r.id}: ${c.name}`, r, c] as const));

/**
 * A case's files, with stand-ins for the WASI packages it references and does not vendor (jco's official WIT; 0.2.x
 * as 0.2.12 relabelled). Most cases name \`wasi:io@0.2.0\` with no deps/: wit-parser could not resolve the input nor
 * the output, for that same reason, and a rule's output that held a type depending on itself passed.
 */
function check(files: Record<string, string>, depFiles: Record<string, string>) {
  const all = Object.entries(withOfficialDeps(files, depFiles));
  return validateFiles(Object.fromEntries(all.filter(([p]) => !p.startsWith('deps/'))), Object.fromEntries(all.filter(([p]) => p.startsWith('deps/'))));
}

it.each(cases)('%s', async (_name, rule, c) => {
  const res = runCase(rule, c);
  const out = await check(res.files, res.depFiles);
  const files = caseFiles(c.before);
  const input = await check(Object.fromEntries(Object.entries(files).filter(([p]) => !p.startsWith('deps/'))), Object.fromEntries(Object.entries(files).filter(([p]) => p.startsWith('deps/'))));
  // A case whose input wit-parser rejects (a dep it does not have, a bad `use` the rules drop) may stay
  // rejected, but only for that same reason: the rules must not add another (the place may move by a marker's line).
  if (!input.ok && !out.ok) expect(out.message).toBe(input.message);
  else expect(out).toEqual({ ok: true });
});
