/**
 * The peer: jco's real wit-parser (wasm-tools built for JS, inside
 * @bytecodealliance/jco), timed as one `componentEmbed({ witPath, dummy: true,
 * world })` call per package: read the files through preview2-shim, parse,
 * resolve the package and its deps/, select the world, embed into a dummy
 * module. Each corpus package gets a temp dir with the siblings it uses
 * (transitively) copied under deps/, built before timing; the time covers
 * parsing those deps too, as any real validation of the package must. The figure is the median over iterations.
 *
 * Other suites reuse `jcoTimes()` (memoised, so jco is measured once a run)
 * to put a peer next to their own per-package figures.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { jcoEmbed, warmUp, worldNames } from '../src/validate/wit-parser.js';
import { siblingLayout } from '../src/validate/deps-layout.js';
import { corpusDir } from './corpus.js';
import { iterations, median, type Figure } from './figure.js';

export const VERSIONS = ['0.2.12', '0.3.0'] as const;

export interface JcoTimes {
  /** Milliseconds to import and instantiate jco's wasm-tools (once, cold). */
  startupMs: number;
  /** `<version>/<package>` -> median ms per componentEmbed call. */
  perPackage: Map<string, number>;
  /** `<version>/<package>` -> bytes of .wit parsed per call (the package and the deps it uses). */
  bytes: Map<string, number>;
  iterations: number;
}

let cached: Promise<JcoTimes> | undefined;

export function jcoTimes(): Promise<JcoTimes> {
  cached ??= measure();
  return cached;
}

/** Bytes of all .wit files under dir (deps/ included). */
function witBytes(dir: string): number {
  let sum = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) sum += witBytes(p);
    else if (e.name.endsWith('.wit')) sum += statSync(p).size;
  }
  return sum;
}

async function measure(): Promise<JcoTimes> {
  const n = iterations(9);
  const t0 = performance.now();
  await warmUp();
  const startupMs = performance.now() - t0;
  const root = corpusDir();
  const perPackage = new Map<string, number>();
  const bytes = new Map<string, number>();
  for (const version of VERSIONS) {
    const vdir = path.join(root, version);
    for (const pkg of readdirSync(vdir).sort()) {
      const pdir = path.join(vdir, pkg);
      if (!statSync(pdir).isDirectory()) continue;
      const texts = readdirSync(pdir)
        .filter((f) => f.endsWith('.wit'))
        .map((f) => readFileSync(path.join(pdir, f), 'utf8'));
      const world = worldNames(texts)[0];
      const layout = await siblingLayout(vdir, pkg);
      try {
        const first = await jcoEmbed({ witPath: layout.dir, world }); // warm-up, and a correctness check
        if (!first.ok) throw new Error(`jco rejected ${version}/${pkg}: ${first.message}`);
        const samples: number[] = [];
        for (let i = 0; i < n; i++) {
          const t = performance.now();
          await jcoEmbed({ witPath: layout.dir, world });
          samples.push(performance.now() - t);
        }
        perPackage.set(`${version}/${pkg}`, median(samples));
        bytes.set(`${version}/${pkg}`, witBytes(layout.dir));
      } finally {
        await layout.dispose();
      }
    }
  }
  return { startupMs, perPackage, bytes, iterations: n };
}

export async function run(): Promise<Figure[]> {
  const t = await jcoTimes();
  const figures: Figure[] = [{ name: 'jco wasm-tools start-up (import + instantiate, cold)', value: t.startupMs, unit: 'ms' }];
  for (const version of VERSIONS) {
    let total = 0;
    let count = 0;
    for (const [key, ms] of t.perPackage) {
      if (!key.startsWith(`${version}/`)) continue;
      figures.push({ name: `jco componentEmbed ${key} (median of ${t.iterations})`, value: ms, unit: 'ms/package' });
      total += ms;
      count++;
    }
    if (count) {
      figures.push({ name: `jco componentEmbed ${version}, mean over ${count} packages`, value: total / count, unit: 'ms/package' });
      let bytes = 0;
      for (const [key, b] of t.bytes) if (key.startsWith(`${version}/`)) bytes += b;
      figures.push({ name: `jco parse+resolve throughput ${version} (package + deps bytes)`, value: bytes / 1e6 / (total / 1e3), unit: 'MB/s' });
    }
  }
  return figures;
}
