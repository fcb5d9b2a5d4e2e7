/**
 * The bindings rewriter on every unit of ../shared/corpus/thirdparty/code
 * (see corpus/check.ts for what is checked and how). A unit that does not
 * meet a check yet is listed in KNOWN with the reason; the test holds both
 * ways: a listed unit that starts passing must be taken off the list.
 * CORPUS_TABLE=1 prints the table of docs/bindings.md and each unit's details.
 */
import { cleanTmps, requireBuiltCli } from '../review/helpers.js';
import { disposeTypeCache, misplacedReviews, newErrors, runProject, typeErrors, UNITS, type ProjectRun } from './corpus/check.js';

/** Per unit and check: why it is not met yet. */
const KNOWN: Record<string, { types?: string; secondRun?: string; reviews?: string }> = {
  'wasmcloud http-stdio': { types: "re-exports jco-std's 0.2 hono adapter as `incomingHandler`: reported; the world exports wasi:http/handler@0.3.0 and the library's 0.3 adapter is the user's choice" },
  'wasmcloud tcp-echo component': {
    types: "jco-std's 0.2 hono adapter (reported; jco-std has no 0.3 one)",
  },
};

const runs = new Map<string, ProjectRun>();
function run(project: string): ProjectRun {
  let r = runs.get(project);
  if (!r) runs.set(project, (r = runProject(project)));
  return r;
}

beforeAll(requireBuiltCli);
afterAll(() => {
  for (const r of runs.values()) r.dispose();
  disposeTypeCache();
  cleanTmps();
});

const rows: string[] = [];
afterAll(() => {
  if (process.env.CORPUS_TABLE) console.log(['| unit | new tsc errors | review items | second run |', '| --- | --- | --- | --- |', ...rows].join('\n'));
});

function holds(problems: string[], known: string | undefined): void {
  if (known) expect(problems.length).toBeGreaterThan(0);
  else expect(problems).toEqual([]);
}

describe.each(UNITS.map((u) => [u.name, u] as const))('%s', (name, unit) => {
  test('migrate --write; (a) no new tsc error against jco types for the migrated world, (b) a second run changes nothing, (c) review items on their code', async () => {
    const r = run(unit.project);
    expect([0, 1]).toContain(r.writeExit);
    const fresh = newErrors(await typeErrors(r.original, unit), await typeErrors(r.dir, unit));
    const dir = unit.entry.replace(/[^/]+$/, '');
    const reviews = r.reviews.filter((x) => x.file.startsWith(dir) || x.file.startsWith(unit.wit));
    const misplaced = misplacedReviews(r, reviews);
    const again = r.secondRunChanges.filter((f) => f.startsWith(dir) || f.startsWith(unit.wit));
    rows.push(`| ${name} | ${fresh.length} | ${reviews.length} | ${again.length ? `changes ${again.join(', ')}` : 'no change'} |`);
    if (process.env.CORPUS_TABLE) {
      console.log(`${name}\n  new: ${fresh.join('\n       ')}\n  reviews: ${reviews.map((x) => `${x.file}:${x.line} ${x.message}`).join('\n           ')}\n  second run: ${again.join(', ')}\n  misplaced: ${misplaced.join('\n             ')}\n  output: ${r.writeOutput.slice(0, 300)}`);
    }
    holds(fresh, KNOWN[name]?.types);
    holds(again, KNOWN[name]?.secondRun);
    holds(misplaced, KNOWN[name]?.reviews);
  });
});
