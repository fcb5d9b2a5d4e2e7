/**
 * Rule 18 (async-holders) answers from the syntax alone where the syntax settles
 * what every candidate function's parameters hold and the model-less answer
 * agrees (rules/async-holders.ts paramsHeld), else from the resolved package.
 * The claim checked here, in rule 18's phase of the whole pipeline, on every
 * package of the WASI releases (each main package renamed out of `wasi:`, as
 * the bench's trees and a team's copies are: under its WASI name no shape rule
 * runs on it), the third-party trees and the project's fixtures: where the
 * syntax answered, the model gives the same notes.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { migratePackage, type PackageInput } from '../../src/migrate/engine.js';
import { findPackages, loadPackage } from '../../src/migrate/load.js';
import { corpusPath } from '../../src/util/corpus.js';
import { pipeline } from '../../rules/index.js';
import type { Rule, RuleContext } from '../../rules/types.js';
import { asyncHolders } from '../../rules/async-holders.js';

interface Tally {
  /** Phases where rule 18 answered without reading the model. */
  syntax: number;
  /** Phases where it read the model. */
  model: number;
  /** Notes given by the syntax path. */
  notes: number;
  wrong: string[];
}

const notes = (ctx: RuleContext, syntax: boolean) => asyncHolders(ctx, { syntax }).reviews.map((r) => `${r.file}@${r.offset} ${r.messageId}: ${r.message}`);

function checker(label: string, tally: Tally): Rule {
  return {
    id: 'holders-syntax-check',
    number: 99,
    summary: '',
    docs: '',
    kind: 'mechanical',
    cases: [],
    apply: (ctx) => {
      let read = false;
      const watched = new Proxy(ctx, { get: (t, k) => ((read ||= k === 'model'), Reflect.get(t, k)) });
      const ours = notes(watched, true);
      if (read) tally.model++;
      else {
        tally.syntax++;
        tally.notes += ours.length;
        const model = notes(ctx, false);
        if (JSON.stringify(model) !== JSON.stringify(ours)) tally.wrong.push(`${label}: syntax ${JSON.stringify(ours)} model ${JSON.stringify(model)}`);
      }
      return { edits: [], reviews: [] };
    },
  };
}

/** A WASI corpus package with its own package renamed out of `wasi:` (bench/wit-check.ts generateTree does the same). */
function renamed(input: PackageInput): PackageInput {
  const files: Record<string, string> = {};
  for (const [p, text] of Object.entries(input.files)) {
    const name = /\bpackage\s+wasi:([a-z][a-z0-9-]*)/.exec(text)?.[1];
    files[p] = name ? text.replace(new RegExp(`\\bwasi:${name}(?=[@/ ;])`, 'g'), `team:${name}`) : text;
  }
  return { ...input, files };
}

it('on the corpora and fixtures, rule 18 answers from the syntax only where the model gives the same notes', () => {
  const tally: Tally = { syntax: 0, model: 0, notes: 0, wrong: [] };
  const wasi = corpusPath('wasi');
  const third = corpusPath('thirdparty');
  const trees = [
    ...readdirSync(wasi).filter((r) => r.startsWith('0.')).map((r) => ({ dir: path.join(wasi, r), rename: true })),
    ...['wit', 'wasi-rc', 'code'].map((d) => ({ dir: path.join(third, d), rename: false })),
    { dir: path.resolve('fixtures'), rename: false },
  ];
  for (const t of trees) {
    for (const p of findPackages(t.dir)) {
      let input: PackageInput;
      try {
        input = loadPackage(p);
      } catch {
        continue;
      }
      if (t.rename) input = renamed(input);
      try {
        migratePackage(input, pipeline().map((phase) => (phase.some((r) => r.number === 18) ? [checker(input.label, tally), ...phase] : phase)));
      } catch {
        // A package the pipeline refuses: the phases it ran were checked.
      }
    }
  }
  process.stdout.write(`holders-syntax: ${tally.syntax} phases from the syntax (${tally.notes} notes), ${tally.model} from the model\n`);
  expect(tally.wrong).toEqual([]);
  // Not vacuous: the renamed WASI filesystem packages (descriptor.is-same-object) are answered, with notes.
  expect(tally.syntax).toBeGreaterThan(0);
  expect(tally.notes).toBeGreaterThan(0);
});
