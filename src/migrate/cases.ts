/** Runs one rule's before/after case through the engine (used by the rule table test). */
import { pipeline } from '../../rules/index.js';
import type { Rule, RuleCase } from '../../rules/types.js';
import { migratePackage, scanDeps, type MigrateResult } from './engine.js';

export function caseFiles(x: string | Readonly<Record<string, string>>): Record<string, string> {
  return typeof x === 'string' ? { 'case.wit': x } : { ...x };
}

/** The rule alone, or (when the case says `with`) the engine's pipeline of those rules and this one. */
function phases(rule: Rule, c: RuleCase): Rule[][] {
  if (!c.with?.length) return [[rule]];
  return pipeline([...c.with, rule.number]).map((phase) => phase.map((r) => (r.number === rule.number ? rule : r)));
}

export function runCase(rule: Rule, c: RuleCase): MigrateResult {
  const files = caseFiles(c.before);
  const wit: Record<string, string> = {};
  const depFiles: Record<string, string> = {};
  const extraFiles: Record<string, string> = {};
  for (const [p, t] of Object.entries(files)) {
    if (p.startsWith('deps/')) depFiles[p] = t;
    else if (p.endsWith('.wit')) wit[p] = t;
    else extraFiles[p] = t;
  }
  return migratePackage({ label: c.name, files: wit, deps: scanDeps(depFiles), depFiles, extraFiles }, phases(rule, c), { bump: c.bump });
}
