/**
 * The transaction as the review outputs (`--out`, `--patch`) use it: the same
 * one code path as the tree's writes, in-process (test/util/txn.test.ts kills
 * it at every step).
 */
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { runTransaction, TXN_DIR, TxnError, writeOutput } from '../../src/util/txn.js';

describe('runTransaction for review outputs', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'wasi-migrate-write-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes every file, creating folders, and leaves no temp file or journal', () => {
    writeFileSync(path.join(dir, 'a.wit'), 'old');
    runTransaction([
      { kind: 'write', path: path.join(dir, 'a.wit'), text: 'new a', exact: true },
      { kind: 'write', path: path.join(dir, 'deps/io/b.wit'), text: 'new b', exact: true },
    ]);
    expect(readFileSync(path.join(dir, 'a.wit'), 'utf8')).toBe('new a');
    expect(readFileSync(path.join(dir, 'deps/io/b.wit'), 'utf8')).toBe('new b');
    expect(readdirSync(dir).sort()).toEqual(['a.wit', 'deps']);
  });

  it('a target that is a folder: refused before anything is written, nothing left behind', () => {
    mkdirSync(path.join(dir, 'taken'));
    writeFileSync(path.join(dir, 'taken', 'x'), 'in the way');
    expect(() => runTransaction([{ kind: 'write', path: path.join(dir, 'taken'), text: 'cannot replace a folder', exact: true }])).toThrow(TxnError);
    expect(readdirSync(dir)).toEqual(['taken']);
    expect(readFileSync(path.join(dir, 'taken', 'x'), 'utf8')).toBe('in the way');
  });

  it('an exact text is written as given over a CRLF file; a tree write keeps the CRLF', () => {
    const [review, tree] = [path.join(dir, 'review.txt'), path.join(dir, 'a.wit')];
    writeFileSync(review, 'old\r\nreview\r\n');
    writeFileSync(tree, 'old\r\ntext\r\n');
    runTransaction([
      { kind: 'write', path: review, text: 'new\nreview\n', exact: true },
      { kind: 'write', path: tree, text: 'new\ntext\n' },
    ]);
    expect(readFileSync(review, 'utf8')).toBe('new\nreview\n');
    expect(readFileSync(tree, 'utf8')).toBe('new\r\ntext\r\n');
  });

  it('a symlinked output is written through: the file it names changes, the link stays', () => {
    writeFileSync(path.join(dir, 'real.html'), 'old');
    symlinkSync('real.html', path.join(dir, 'review.html'));
    runTransaction([{ kind: 'write', path: path.join(dir, 'review.html'), text: 'new', exact: true }]);
    expect(lstatSync(path.join(dir, 'review.html')).isSymbolicLink()).toBe(true);
    expect(readFileSync(path.join(dir, 'real.html'), 'utf8')).toBe('new');
  });

  it('a file in the way of the folders to create: refused by name, nothing left behind', () => {
    writeFileSync(path.join(dir, 'store.wit'), 'a file');
    const write = () => runTransaction([{ kind: 'write', path: path.join(dir, 'store.wit', 'sub', 'review.json'), text: '{}', exact: true }]);
    expect(write).toThrow(TxnError);
    expect(write).toThrow(`${path.join(dir, 'store.wit')} is not a folder`);
    expect(readdirSync(dir)).toEqual(['store.wit']);
  });

  it('another run holding the journal: a tree write is refused at once, a review output waits for it', () => {
    const journal = path.join(dir, TXN_DIR);
    mkdirSync(journal);
    // The other run: alive for a moment, then its journal is gone.
    const other = spawn('sh', ['-c', `sleep 0.5; rm -rf '${journal}'`], { stdio: 'ignore' });
    writeFileSync(path.join(journal, 'owner'), String(other.pid));
    const target = path.join(dir, 'review.json');
    expect(() => runTransaction([{ kind: 'write', path: target, text: '{}' }])).toThrow('another wasi-migrate run is writing here');
    writeOutput(target, '{}');
    expect(readFileSync(target, 'utf8')).toBe('{}');
    expect(readdirSync(dir)).toEqual(['review.json']);
  });
});
