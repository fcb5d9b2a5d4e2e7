/** Every rule, by number, and the order the engine runs them in. */
import type { Rule } from './types.js';
import foldStartFinish from './fold-start-finish.js';
import futureResources from './future-resources.js';
import pollableFunctions from './pollable-functions.js';
import inputStreams from './input-streams.js';
import outputStreams from './output-streams.js';
import blockingTwins from './blocking-twins.js';
import ioRemoval from './io-removal.js';
import wasiReferences from './wasi-references.js';
import vendoredDeps from './vendored-deps.js';
import gates from './gates.js';
import blockingHandles from './blocking-handles.js';
import iteratorResources from './iterator-resources.js';
import readinessResources from './readiness-resources.js';
import futureResults from './future-results.js';
import releaseCandidates from './release-candidates.js';
import docsFollow from './docs-follow.js';
import inlineWasiPackages from './inline-wasi-packages.js';
import asyncHolders from './async-holders.js';

export const rules: readonly Rule[] = [foldStartFinish, futureResources, pollableFunctions, inputStreams, outputStreams, blockingTwins, ioRemoval, wasiReferences, vendoredDeps, gates, blockingHandles, iteratorResources, readinessResources, futureResults, releaseCandidates, docsFollow, inlineWasiPackages, asyncHolders].sort((a, b) => a.number - b.number);

/**
 * Execution order (each rule its own phase; see src/migrate/engine.ts): future
 * and iterator resources first, so pairs and twins fold on what is left; the
 * readiness rule after them, so a remaining `subscribe` is one they did not
 * explain; the blocking-handles rule after the stream rules, whose output it
 * reads; functions taking a resource those rules made async (18) once the
 * last of them (3) ran; wasi:io removal once nothing needs it; references, deps (deps/, then
 * inline WASI packages: 17), gates last.
 * Release candidates of 0.3 (15) come first: the shape rules then see 0.3.0.
 * Docs (16) are judged once every shape rule has changed what it changes,
 * the references rule's http ports (8) included.
 */
const ORDER = [15, 2, 11, 1, 6, 12, 13, 4, 5, 14, 3, 18, 7, 8, 16, 9, 17, 10];

/** Rules that read only the package's own shapes: no API map, no deps, no flags (what `npm run fidelity` measures). */
export const GENERIC: readonly number[] = ORDER.filter((n) => n !== 8 && n !== 9 && n !== 10 && n !== 15 && n !== 17);

export function pipeline(numbers: readonly number[] = ORDER): Rule[][] {
  return ORDER.filter((n) => numbers.includes(n)).flatMap((n) => rules.filter((r) => r.number === n)).map((r) => [r]);
}

export function ruleById(id: string): Rule | undefined {
  return rules.find((r) => r.id === id);
}
