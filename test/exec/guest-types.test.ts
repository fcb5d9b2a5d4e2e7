/**
 * Every fixture guest (0.2, 0.3 and the wrong 0.3 ports) type-checks, with
 * the real TypeScript compiler, against the .d.ts jco 1.35 generates for its
 * world (`generateGuestTypes`, the official WASI WIT jco ships as deps): the
 * executor's hosts give guests exactly the shapes a jco guest is typed to see.
 */
import { existsSync, mkdtempSync, readdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatTypeError, typecheckGuests, worldsOf } from '../../src/exec/guest-typecheck.js';
import { generateTypes, witDirFor } from '../../src/jco/types.js';

const ROOT = join(process.cwd(), 'fixtures/components');
const fixtures = readdirSync(ROOT).filter((d) => existsSync(join(ROOT, d, 'world.wit'))).sort();

function guestsFor(name: string, wasi: '0.2' | '0.3'): string[] {
  const dir = join(ROOT, name);
  const guests = [join(dir, `guest-${wasi}.js`)];
  if (wasi === '0.3' && existsSync(join(dir, 'wrong'))) for (const f of readdirSync(join(dir, 'wrong')).sort()) guests.push(join(dir, 'wrong', f));
  return guests;
}

describe('fixture guests match jco guest types', () => {
  test.each(fixtures)('%s: each guest type-checks against its world', async (name) => {
    const wit = join(ROOT, name, 'world.wit');
    const worlds = worldsOf(wit);
    expect(worlds.map((w) => w.wasi).sort()).toEqual(['0.2', '0.3']);
    for (const w of worlds) {
      const result = await typecheckGuests(wit, w.name, guestsFor(name, w.wasi));
      const errors = [...result.values()].flat().map(formatTypeError);
      expect(errors).toEqual([]);
    }
  });

  test('a guest written against a made-up binding shape is rejected', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'guest-types-test-'));
    try {
      const bad = join(dir, 'guest.js');
      // The old shape: a `component-model` stream() with {tx, rx}, stdout taking that rx.
      writeFileSync(
        bad,
        `import { writeViaStream } from 'wasi:cli/stdout@0.3.0';
import { stream } from 'component-model';
export const run = {
  async run() {
    const { tx, rx } = stream();
    writeViaStream(rx);
    await tx.write(new Uint8Array([104, 105]));
  },
};
`,
      );
      const result = await typecheckGuests(join(ROOT, 'cli-hello/world.wit'), 'hello-0-3', [bad]);
      const text = result.get(bad)!.map(formatTypeError).join('\n');
      expect(text).toMatch(/guest\.js:2:\d+: Cannot find module 'component-model'/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a guest whose export has the 0.2 shape is rejected by the 0.3 world', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'guest-types-test-'));
    try {
      const bad = join(dir, 'guest.js');
      writeFileSync(bad, `export const run = { run() {} };\n`);
      const result = await typecheckGuests(join(ROOT, 'cli-hello/world.wit'), 'hello-0-3', [bad]);
      expect(result.get(bad)!.map(formatTypeError).join('\n')).toMatch(/Type 'void' is not assignable to type 'Promise<void>'/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('jco types say what the hosts implement: stream<u8> is AsyncIterable<number>, future<T> is PromiseLike<T>', async () => {
    const { dir, rewritten } = witDirFor(join(ROOT, 'cat/world.wit'));
    try {
      expect(rewritten).toEqual([]);
      const files = await generateTypes({ witPath: dir, world: 'cat-0-3', flavour: { kind: 'guest' } });
      expect(files['interfaces/wasi-cli-stdin.d.ts']).toContain('export function readViaStream(): [AsyncIterable<number>, PromiseLike<Result<void, ErrorCode>>];');
      expect(files['interfaces/wasi-cli-stdout.d.ts']).toContain('export function writeViaStream(data: AsyncIterable<number>): PromiseLike<Result<void, ErrorCode>>;');
      expect(files['interfaces/wasi-cli-run.d.ts']).toContain('export function run(): Promise<void>;');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
