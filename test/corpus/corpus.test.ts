/**
 * The corpus tooling (src/util/corpus.ts, src/corpus/): the manifest matches
 * the corpus the tests read, --verify passes on it and names what differs in a
 * changed copy, the content-addressed fetch works on a local tarball (fetch
 * stubbed: no network here), and a missing corpus stops jest at once.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fetchCorpus, pickByHash } from '../../src/corpus/fetch.js';
import { buildManifest, readManifest, sha256, verifyCorpus, type Manifest } from '../../src/corpus/manifest.js';
import { corpusRoot, missingCorpusMessage } from '../../src/util/corpus.js';
import { packageRoot } from '../../src/util/package-root.js';

const ROOT = corpusRoot();
const MAIN = path.join(packageRoot(), 'dist', 'src', 'corpus', 'main.js');
const JEST = path.join(packageRoot(), 'node_modules', 'jest', 'bin', 'jest.js');
const tmps: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(path.join(tmpdir(), 'wasi-migrate-corpus-'));
  tmps.push(d);
  return d;
};
afterAll(() => {
  for (const d of tmps) {
    execFileSync('chmod', ['-R', 'u+w', d]);
    rmSync(d, { recursive: true, force: true });
  }
});

/** `npm run corpus -- ARGS` (the compiled script): exit code and stdout. */
function corpusCli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: npm run build first`);
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A writable copy of the corpus. */
function copyCorpus(): string {
  const dir = path.join(tmp(), 'corpus');
  cpSync(ROOT, dir, { recursive: true });
  execFileSync('chmod', ['-R', 'u+w', dir]);
  return dir;
}

const total = (m: Manifest): number => m.sources.reduce((n, s) => n + Object.keys(s.files).length, 0);

describe('manifest and --verify', () => {
  // A corpus fetched by `npm run corpus` lacks the sources that cannot be fetched (whole, never in part).
  const m = readManifest();
  const absent = m.sources.filter((s) => s.url === null && Object.keys(s.files).every((p) => !existsSync(path.join(ROOT, p))));
  const present = total(m) - absent.reduce((n, s) => n + Object.keys(s.files).length, 0);

  test('corpus/manifest.json is what --write-manifest makes of the corpus (sources.ts and the checksums agree)', () => {
    const expected = { ...m, sources: m.sources.map((s) => (absent.includes(s) ? { ...s, files: {} } : s)) };
    expect(buildManifest(ROOT)).toEqual(expected);
  });

  test('the corpus the tests read verifies: every file of the manifest, nothing else', () => {
    expect(total(m)).toBeGreaterThan(1000);
    expect(verifyCorpus(ROOT, m)).toEqual({ problems: [], absent: absent.map((s) => expect.stringMatching(`^${s.id} `)), checked: present });
    const r = corpusCli('--verify');
    expect(r.stdout).toContain(`corpus: ${ROOT}: ok (${present} files)`);
    expect(r.status).toBe(0);
  });

  test('a copy with one byte changed in one file fails, naming that file', () => {
    const dir = copyCorpus();
    const file = path.join(dir, 'wasi', '0.2.0', 'cli', 'run.wit');
    const data = readFileSync(file);
    data[10] = data[10]! ^ 1;
    writeFileSync(file, data);
    expect(verifyCorpus(dir).problems).toEqual(['changed: wasi/0.2.0/cli/run.wit']);
    const r = corpusCli('--verify', dir);
    expect(r.stdout).toContain('changed: wasi/0.2.0/cli/run.wit\n');
    expect(r.stdout).toContain('1 mismatches');
    expect(r.status).toBe(1);
  });

  test('a missing file and an unlisted one are mismatches too', () => {
    const dir = copyCorpus();
    rmSync(path.join(dir, 'wit-parser-ui', 'use.wit'));
    writeFileSync(path.join(dir, 'wasi', '0.3.0', 'extra.wit'), 'package a:b;\n');
    expect(verifyCorpus(dir).problems.sort()).toEqual(['missing: wit-parser-ui/use.wit', 'not in the manifest: wasi/0.3.0/extra.wit']);
    expect(corpusCli('--verify', dir).status).toBe(1);
  });

  test('a source that cannot be fetched may be absent as a whole (what npm run corpus writes), not in part', () => {
    const dir = tmp();
    const files = { 'a/x.wit': 'x\n', 'b/1.wit': '1\n', 'b/2.wit': '2\n' };
    const hash = (p: keyof typeof files) => sha256(Buffer.from(files[p]));
    const src = { repo: null, ref: null, upstream: '', covers: [] };
    const manifest: Manifest = {
      comment: '',
      sources: [
        { ...src, id: 'a', repo: 'o/a', ref: 'v1', url: 'https://example.invalid/a.tgz', files: { 'a/x.wit': hash('a/x.wit') } },
        { ...src, id: 'b', url: null, why: 'no commit', files: { 'b/1.wit': hash('b/1.wit'), 'b/2.wit': hash('b/2.wit') } },
      ],
    };
    mkdirSync(path.join(dir, 'a'));
    writeFileSync(path.join(dir, 'a', 'x.wit'), files['a/x.wit']);
    expect(verifyCorpus(dir, manifest)).toEqual({ problems: [], absent: ['b (2 files; not fetchable: no commit)'], checked: 1 });
    mkdirSync(path.join(dir, 'b'));
    writeFileSync(path.join(dir, 'b', '1.wit'), files['b/1.wit']);
    expect(verifyCorpus(dir, manifest)).toEqual({ problems: ['missing: b/2.wit'], absent: [], checked: 3 });
    rmSync(path.join(dir, 'a', 'x.wit'));
    expect(verifyCorpus(dir, manifest).problems).toEqual(['missing: a/x.wit', 'missing: b/2.wit']); // a fetchable source is never just absent
  });

  test('the fetch needs WASI_MIGRATE_CORPUS and never writes into an existing folder', () => {
    const env = { ...process.env };
    delete env.WASI_MIGRATE_CORPUS;
    const unset = spawnSync(process.execPath, [MAIN], { encoding: 'utf8', env });
    expect(unset.stderr).toContain('set WASI_MIGRATE_CORPUS');
    expect(unset.status).toBe(2);
    const existing = spawnSync(process.execPath, [MAIN], { encoding: 'utf8', env: { ...env, WASI_MIGRATE_CORPUS: ROOT } });
    expect(existing.stderr).toContain(`${ROOT} already exists`);
    expect(existing.status).toBe(2);
  });
});

describe('fetch from a tarball (fetch stubbed with a local tarball: the real download is not tested here)', () => {
  /** A manifest of one source, wasi/0.2.0, at a URL the stub serves. */
  function oneSource(): Manifest {
    const s = readManifest().sources.find((x) => x.id === 'wasi-0.2.0')!;
    return { comment: '', sources: [{ ...s, url: 'https://example.invalid/WASI-0.2.0.tar.gz' }] };
  }

  /** A GitHub-like tarball (pax, long names) of the 0.2.0 packages in another layout, plus noise. */
  function tarball(drop?: string): Buffer {
    const t = tmp();
    const top = path.join(t, 'WASI-0.2.0', 'proposals-with-a-long-folder-name-so-that-paths-pass-the-100-byte-ustar-name-field');
    for (const rel of Object.keys(oneSource().sources[0]!.files)) {
      if (rel === drop) continue;
      const [, , pkg, file] = rel.split('/');
      mkdirSync(path.join(top, pkg!, 'wit'), { recursive: true });
      cpSync(path.join(ROOT, rel), path.join(top, pkg!, 'wit', file!));
    }
    writeFileSync(path.join(t, 'WASI-0.2.0', 'README.md'), 'noise\n');
    execFileSync('tar', ['--format=pax', '-czf', path.join(t, 'out.tgz'), '-C', t, 'WASI-0.2.0']);
    return readFileSync(path.join(t, 'out.tgz'));
  }

  async function withFetch<T>(body: Buffer, run: () => Promise<T>): Promise<{ result: T; urls: string[] }> {
    const urls: string[] = [];
    const saved = globalThis.fetch;
    globalThis.fetch = (async (url: string | URL) => {
      urls.push(String(url));
      return new Response(new Uint8Array(body));
    }) as typeof fetch;
    try {
      return { result: await run(), urls };
    } finally {
      globalThis.fetch = saved;
    }
  }

  test('the tar reader finds files by content', () => {
    const rel = 'wasi/0.2.0/io/streams.wit';
    const h = sha256(readFileSync(path.join(ROOT, rel)));
    const found = pickByHash(tarball(), new Set([h, 'f'.repeat(64)]));
    expect([...found.keys()]).toEqual([h]);
    expect(found.get(h)!.equals(readFileSync(path.join(ROOT, rel)))).toBe(true);
  });

  test('every file is written and verifies; the target appears only at the end', async () => {
    const target = path.join(tmp(), 'fetched');
    const m = oneSource();
    const lines: string[] = [];
    const { result, urls } = await withFetch(tarball(), () => fetchCorpus(target, m, new Map(), (l) => lines.push(l)));
    expect(result).toBe(true);
    expect(urls).toEqual(['https://example.invalid/WASI-0.2.0.tar.gz']);
    expect(verifyCorpus(target, m)).toEqual({ problems: [], absent: [], checked: total(m) });
    expect(lines.join('\n')).toContain(`${total(m)}/${total(m)} files`);
  });

  test('--ref gives a source without a recorded ref a tarball URL; an unknown id is refused', async () => {
    const ui = readManifest().sources.find((x) => x.id === 'wit-parser-ui')!;
    expect(ui.url).toBeNull();
    const m: Manifest = { comment: '', sources: [{ ...ui, files: {} }] };
    const { result, urls } = await withFetch(tarball(), () => fetchCorpus(path.join(tmp(), 'f'), m, new Map([['wit-parser-ui', 'abc123']]), () => {}));
    expect(result).toBe(true);
    expect(urls).toEqual(['https://codeload.github.com/bytecodealliance/wasm-tools/tar.gz/abc123']);
    await expect(fetchCorpus(path.join(tmp(), 'g'), m, new Map([['nope', 'x']]), () => {})).rejects.toThrow('--ref nope=...');
  });

  test('a file the tarball lacks fails the fetch, names the file, and writes nothing', async () => {
    const parent = tmp();
    const target = path.join(parent, 'fetched');
    const lines: string[] = [];
    const { result } = await withFetch(tarball('wasi/0.2.0/http/types.wit'), () => fetchCorpus(target, oneSource(), new Map(), (l) => lines.push(l)));
    expect(result).toBe(false);
    expect(lines.join('\n')).toContain('wasi/0.2.0/http/types.wit');
    expect(existsSync(target)).toBe(false);
    expect(execFileSync('ls', ['-A', parent], { encoding: 'utf8' })).toBe('');
  });
});

describe('a missing corpus stops the test run at once', () => {
  const saved = process.env.WASI_MIGRATE_CORPUS;
  afterEach(() => {
    if (saved === undefined) delete process.env.WASI_MIGRATE_CORPUS;
    else process.env.WASI_MIGRATE_CORPUS = saved;
  });

  test('the message says where it looked, WASI_MIGRATE_CORPUS and npm run corpus; none when the corpus is there', () => {
    expect(missingCorpusMessage()).toBeUndefined();
    process.env.WASI_MIGRATE_CORPUS = '/nonexistent/corpus';
    const m = missingCorpusMessage()!;
    expect(m).toContain('/nonexistent/corpus is not a folder');
    expect(m).toContain('WASI_MIGRATE_CORPUS');
    expect(m).toContain('npm run corpus');
  });

  test('jest with WASI_MIGRATE_CORPUS=/nonexistent exits non-zero in globalSetup with that message, running no test', () => {
    const r = spawnSync(process.execPath, ['--experimental-vm-modules', '--no-warnings=ExperimentalWarning', JEST, 'test/util/txn.test.ts'], {
      cwd: packageRoot(),
      encoding: 'utf8',
      env: { ...process.env, WASI_MIGRATE_CORPUS: '/nonexistent' },
    });
    expect(r.stderr).toContain('the test corpus is missing: /nonexistent is not a folder (WASI_MIGRATE_CORPUS is set to /nonexistent)');
    expect(r.stderr).toContain('npm run corpus');
    expect(r.stderr).not.toContain('Tests:');
    expect(r.status).toBe(1);
  });
});
