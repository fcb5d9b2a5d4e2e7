/**
 * Big inputs (issue 12): a generated valid package of a few MB (thousands of
 * interfaces in chains of `use`, worlds importing and exporting them all)
 * resolves, and the real wit-parser accepts the same file. The time per MB
 * against jco is a benchmark figure (`npm run bench`, parser suite), not a test.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bigWit } from '../../bench/big-input.js';
import { jcoEmbed } from '../../src/validate/wit-parser.js';
import { resolvePath } from '../../src/wit/resolve.js';

test('a 2 MB package with 2,800 interfaces and two worlds over all of them resolves, as wit-parser says', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'wit-big-test-'));
  try {
    const file = path.join(dir, 'big.wit');
    writeFileSync(file, bigWit(2e6));
    const r = resolvePath(file);
    expect(r.diagnostics).toEqual([]);
    const pkg = r.root[0]!;
    const n = pkg.interfaces.size;
    expect(n).toBeGreaterThan(2000);
    const all = pkg.worlds.get('imports-all')!;
    expect(all.imports.length).toBe(n);
    // Elaboration: every import comes after the interfaces it uses.
    const at = new Map(all.imports.map((e, i) => [e.key.kind === 'interface' ? e.key.interface.name : '', i]));
    for (let i = 1; i < n; i++) if (i % 100 !== 0) expect(at.get(`iface${i}`)!).toBeGreaterThan(at.get(`iface${i - 1}`)!);
    const every = pkg.worlds.get('everything')!;
    expect(every.imports.length + every.exports.length).toBe(n);
    expect(await jcoEmbed({ witPath: file, world: 'everything' })).toEqual({ ok: true });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 300_000);
