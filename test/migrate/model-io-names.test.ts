/**
 * ioNamesIn asks the resolved model for wasi:io names only where the syntax and
 * the deps resolved alone (ctx.depPackages) cannot prove it would find none
 * (rules/util.ts modelMayAddIo). The claim checked here, at every phase of the
 * whole pipeline, on every scope of every package of the WASI releases, the
 * third-party trees and the project's fixtures, and on hand cases: where
 * modelMayAddIo says no, the model finds no name beyond the direct uses.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { migratePackage, type PackageInput } from '../../src/migrate/engine.js';
import { findPackages, loadPackage } from '../../src/migrate/load.js';
import { corpusPath } from '../../src/util/corpus.js';
import { depPackagesForRules } from '../../src/migrate/package-model.js';
import { parseFile } from '../../src/wit/parser.js';
import { pipeline } from '../../rules/index.js';
import type { Rule } from '../../rules/types.js';
import { ioNames, modelIoNames, modelMayAddIo, scopes } from '../../rules/util.js';

interface Tally {
  /** Scopes where the model was not asked. */
  skipped: number;
  /** Scopes where it was asked and found names beyond the direct uses. */
  found: number;
  /** Scopes where it was not asked though it finds names: the claim broken. */
  wrong: string[];
}

/** A rule that, in each phase it joins, compares modelMayAddIo with what the model finds, scope by scope. */
function checker(label: string, tally: Tally): Rule {
  return {
    id: 'io-names-check',
    number: 99,
    summary: '',
    docs: '',
    kind: 'mechanical',
    cases: [],
    apply: (ctx) => {
      for (const s of scopes(ctx.files)) {
        const found = modelIoNames(ctx, s, new Set(ioNames(s.items).map((n) => n.local)));
        if (modelMayAddIo(ctx, s)) {
          if (found.length) tally.found++;
        } else {
          tally.skipped++;
          if (found.length) tally.wrong.push(`${label} ${s.file.path} ${s.name}: ${found.map((n) => n.local).join(', ')}`);
        }
      }
      return { edits: [], reviews: [] };
    },
  };
}

function check(input: PackageInput, tally: Tally): void {
  try {
    migratePackage(input, pipeline().map((phase) => [checker(input.label, tally), ...phase]));
  } catch {
    // A package the pipeline refuses (its input does not parse, a rule stops): the phases it ran were checked.
  }
}

function trees(): string[] {
  const wasi = corpusPath('wasi');
  const third = corpusPath('thirdparty');
  return [
    ...readdirSync(wasi).filter((r) => r.startsWith('0.')).map((r) => path.join(wasi, r)),
    ...['wit', 'wasi-rc', 'code'].map((d) => path.join(third, d)),
    path.resolve('fixtures'),
  ];
}

it('on the corpora and fixtures, the model is skipped only where it finds no wasi:io name beyond the direct uses', () => {
  const tally: Tally = { skipped: 0, found: 0, wrong: [] };
  let packages = 0;
  for (const t of trees()) {
    for (const p of findPackages(t)) {
      let input: PackageInput;
      try {
        input = loadPackage(p);
      } catch {
        continue;
      }
      packages++;
      check(input, tally);
    }
  }
  process.stdout.write(`model-io-names: ${packages} packages, ${tally.skipped} scope checks without the model, ${tally.found} where the model found names\n`);
  expect(tally.wrong).toEqual([]);
  // The claim is not vacuous: most scope checks of 0.2 trees skip the model.
  expect(packages).toBeGreaterThan(100);
  expect(tally.skipped).toBeGreaterThan(1000);
});

const input = (files: Record<string, string>): PackageInput => ({ label: 'x', files, deps: [], depFiles: {}, extraFiles: {} });

/** modelMayAddIo and the model's extra names, per scope, in the first phase. */
function firstPhase(files: Record<string, string>): Record<string, { may: boolean; found: string[] }> {
  const out: Record<string, { may: boolean; found: string[] }> = {};
  const probe: Rule = {
    ...checker('x', { skipped: 0, found: 0, wrong: [] }),
    apply: (ctx) => {
      for (const s of scopes(ctx.files)) {
        out[s.name] ??= { may: modelMayAddIo(ctx, s), found: modelIoNames(ctx, s, new Set(ioNames(s.items).map((n) => n.local))).map((n) => n.local) };
      }
      return { edits: [], reviews: [] };
    },
  };
  migratePackage(input(files), [[probe]]);
  return out;
}

it('a wasi:io name handed on by another WASI package, a local interface or an alias sends the scope to the model', () => {
  const r = firstPhase({
    'a.wit': `package my:app@0.1.0;

interface io-types {
  use wasi:io/poll@0.2.3.{pollable};
  use wasi:clocks/monotonic-clock@0.2.3.{instant};
  record r { at: instant }
}

interface via-clocks {
  use wasi:clocks/monotonic-clock@0.2.3.{pollable as ticker};
}

interface via-local {
  use io-types.{pollable as p};
}

interface via-alias {
  use wasi:io/poll@0.2.3.{pollable};
  type tick = pollable;
}

interface via-chain {
  use via-local.{p as q};
  type again = q;
}

interface plain {
  use wasi:clocks/monotonic-clock@0.2.3.{instant, duration};
  use io-types.{r};
  type when = instant;
  type many = list<r>;
}
`,
  });
  expect(r).toEqual({
    'io-types': { may: false, found: [] },
    'via-clocks': { may: true, found: ['ticker'] },
    'via-local': { may: true, found: ['p'] },
    'via-alias': { may: true, found: ['tick'] },
    'via-chain': { may: true, found: ['q', 'again'] },
    plain: { may: false, found: [] },
  });
});

it('what cannot be followed without the model goes to the model', () => {
  const r = firstPhase({
    'a.wit': `package my:app@0.1.0;

use wasi:clocks/monotonic-clock@0.2.3 as io-types;

interface versionless {
  use wasi:clocks/monotonic-clock.{instant};
}

interface missing {
  use acme:missing/things@1.0.0.{thing};
}

interface shadowed {
  use io-types.{instant};
}

interface undefined-name {
  use plain.{nothing};
}

interface plain {
  type x = u32;
}
`,
  });
  expect(Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v.may]))).toEqual({
    versionless: true,
    missing: true,
    shadowed: true,
    'undefined-name': true,
    plain: false,
  });
});

it('each dep package is resolved with the deps it reaches: once for every deps set that vendors it, whatever else they hold', () => {
  const main = 'package my:app@0.1.0;\n\ninterface api {\n  use acme:a/t@1.0.0.{y};\n}\n';
  const parsed = [{ path: 'a.wit', text: main, file: parseFile({ path: 'a.wit', text: main }).file! }];
  const a = { 'deps/a/a.wit': 'package acme:a@1.0.0;\n\ninterface t {\n  use acme:b/u@1.0.0.{x};\n  type y = x;\n}\n' };
  // `b` with a comment in its name, and `%`: found all the same.
  const b = { 'deps/b.wit': 'package acme /* x */ : %b@1.0.0;\n\ninterface u {\n  type x = u32;\n}\n' };
  const broken = { 'deps/broken/v.wit': 'package acme:broken;\n\ninterface v {\n  use acme:nope/w.{z};\n}\n' };
  const alone = depPackagesForRules(parsed, { ...a, ...b });
  const beside = depPackagesForRules(parsed, { ...a, ...b, ...broken });
  const found = alone.get('acme:a@1.0.0');
  expect(found?.interfaces.get('t')?.types.get('y')).toBeDefined();
  // The same resolution serves both sets; the broken package beside it does not hide it.
  expect(beside.get('acme:a@1.0.0')).toBe(found);
  expect(beside.get('acme:broken')).toBeUndefined();
  // A package whose deps are missing does not resolve: the model decides.
  expect(depPackagesForRules(parsed, a).get('acme:a@1.0.0')).toBeUndefined();
});
