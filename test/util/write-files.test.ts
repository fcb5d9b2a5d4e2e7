import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeFilesAtomically } from '../../src/util/write-files.js';

describe('writeFilesAtomically', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'wasi-migrate-write-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes every file, creating folders, and leaves no temp file', () => {
    writeFileSync(path.join(dir, 'a.wit'), 'old');
    writeFilesAtomically([
      { path: path.join(dir, 'a.wit'), text: 'new a' },
      { path: path.join(dir, 'deps/io/b.wit'), text: 'new b' },
    ]);
    expect(readFileSync(path.join(dir, 'a.wit'), 'utf8')).toBe('new a');
    expect(readFileSync(path.join(dir, 'deps/io/b.wit'), 'utf8')).toBe('new b');
    expect(readdirSync(dir).sort()).toEqual(['a.wit', 'deps']);
  });

  it('when a rename fails, throws and leaves no temp file behind', () => {
    mkdirSync(path.join(dir, 'taken'));
    writeFileSync(path.join(dir, 'taken', 'x'), 'in the way');
    expect(() => writeFilesAtomically([{ path: path.join(dir, 'taken'), text: 'cannot replace a folder' }])).toThrow();
    expect(readdirSync(dir)).toEqual(['taken']);
    expect(readFileSync(path.join(dir, 'taken', 'x'), 'utf8')).toBe('in the way');
  });
});
