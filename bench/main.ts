/**
 * `npm run bench [suite ...] [--json]`: runs the suites listed in suites.ts
 * (or only the named ones) and prints one table of figures. A figure with a
 * peer shows the peer's value, measured in the same run, and the ratio
 * ours / peer (for times, below 1 means we are faster).
 */
import os from 'node:os';
import { suites } from './suites.js';
import type { Figure } from './figure.js';

type Row = { suite: string; figure?: Figure; error?: string };

function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : a >= 1 ? v.toFixed(2) : v.toFixed(3);
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r, j) => {
      const line = r.map((c, i) => (i === 0 || i === 1 || i === 3 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
      return j === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line;
    })
    .join('\n')
    .replace(/ +$/gm, '');
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const wanted = args.filter((a) => !a.startsWith('--'));
  const unknown = wanted.filter((w) => !suites.some((s) => s.name === w));
  if (unknown.length) {
    console.error(`unknown suite(s): ${unknown.join(', ')}; known: ${suites.map((s) => s.name).join(', ')}`);
    return 2;
  }
  const cpus = os.cpus();
  const machine = { node: process.version, cpu: cpus[0]?.model ?? 'unknown', cores: cpus.length, platform: `${os.platform()} ${os.arch()}` };
  if (!json) console.log(`Node ${machine.node} | ${machine.cpu} | ${machine.cores} cores | ${machine.platform}\n`);

  const rows: Row[] = [];
  for (const s of suites) {
    if (wanted.length && !wanted.includes(s.name)) continue;
    try {
      const mod = await s.load();
      for (const figure of await mod.run()) rows.push({ suite: s.name, figure });
    } catch (e) {
      rows.push({ suite: s.name, error: e instanceof Error ? e.message : String(e) });
    }
  }

  if (json) {
    console.log(JSON.stringify({ machine, figures: rows }, null, 2));
  } else {
    const out: string[][] = [['suite', 'figure', 'value', 'unit', 'peer', 'peer value', 'ours/peer']];
    for (const r of rows) {
      if (r.error !== undefined) {
        out.push([r.suite, `FAILED: ${r.error}`, '', '', '', '', '']);
        continue;
      }
      const f = r.figure!;
      out.push([
        r.suite,
        f.name,
        fmt(f.value),
        f.unit,
        f.peer?.name ?? '',
        f.peer ? fmt(f.peer.value) : '',
        f.peer ? `${fmt(f.value / f.peer.value)}x` : '',
      ]);
    }
    console.log(table(out));
  }
  return rows.some((r) => r.error !== undefined) ? 1 : 0;
}

process.exitCode = await main();
