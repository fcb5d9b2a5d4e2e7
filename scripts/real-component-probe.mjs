#!/usr/bin/env node
// Builds one version of a fixture into a real component and runs it once on
// the executor's host (seed 0), printing its verdict or exit status and the
// first lines of its stdout and stderr: the command behind the "cannot run"
// cells of the agreement table in docs/executor.md. Needs `npm run build` and
// Node >= 24 (npm scripts run on the node@24 devDependency: `npx node ...`).
//
//   node scripts/real-component-probe.mjs <fixture> <world> <source> [componentize-qjs|componentize-js]
//   e.g. node scripts/real-component-probe.mjs http-router http-router-0-2 guest-0.2.js componentize-js
//
// The source is a file of the fixture's folder; the world's name ends in -0-2 or -0-3. Build output goes to
// test-output/probe/ (git-ignored).
import path from 'node:path';
import { buildComponent } from '../dist/src/exec/component-build.js';
import { loadFixture } from '../dist/src/exec/fixture.js';
import { componentRunner, transpileComponent } from '../dist/src/exec/real-component.js';

const [fixture, world, source, toolchain = 'componentize-qjs'] = process.argv.slice(2);
if (!source) {
  console.error('usage: node scripts/real-component-probe.mjs <fixture> <world> <source> [componentize-qjs|componentize-js]');
  process.exit(2);
}
const wasi = world.endsWith('-0-2') ? '0.2' : '0.3';
const fx = loadFixture(fixture, process.cwd());
const out = path.resolve('test-output/probe', `${fixture}-${wasi}-${toolchain}`);
try {
  const wasm = await buildComponent({ witFile: path.join(fx.dir, 'world.wit'), world, sourceFile: path.join(fx.dir, source), sync: wasi === '0.2', outDir: out, toolchain });
  const r = await componentRunner(await transpileComponent(wasm, path.join(out, 'ours'), 'probe'), wasi)(fx, 0);
  console.log(r.verdict ?? `exit ${r.trace.find((e) => e.ch === 'exit')?.text}`);
  for (const ch of ['stdout', 'stderr']) for (const e of r.trace.filter((x) => x.ch === ch).slice(0, 4)) console.log(`  ${ch}: ${e.text}`);
} catch (e) {
  console.log(`build failed: ${String(e?.message ?? e).split('\n')[0]}`);
}
process.exit(0);
