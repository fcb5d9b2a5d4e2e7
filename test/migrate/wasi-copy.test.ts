/**
 * A copy of a WASI 0.2 package as a package of its own (a wkg override's
 * trimmed `wasi:sockets@0.2.2`, whose wasi:io the registry supplies) is left
 * as written, with the note. The real wit-parser cannot check it when the
 * wasi:io it names is neither vendored nor shipped by jco at that version:
 * that is the tree's own state, as for a tree with nothing to change, so it
 * is left for a human, not an error that keeps the run from writing.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runMigration } from '../../src/migrate/run.js';

const dir = mkdtempSync(path.join(tmpdir(), 'wasi-migrate-copy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('a copy left as written, whose wasi:io cannot be checked, is left for a human, not an error', async () => {
  const root = path.join(dir, 'wasi-sockets-0.2.2');
  mkdirSync(root, { recursive: true });
  const text = `package wasi:sockets@0.2.2;

interface ip-name-lookup {
  use wasi:io/poll@0.2.2.{pollable};

  resource resolve-address-stream {
    resolve-next-address: func() -> result<option<string>, u32>;
    subscribe: func() -> pollable;
  }
}
`;
  writeFileSync(path.join(root, 'package.wit'), text);
  const [report] = await runMigration([root]);
  expect(report!.errors).toEqual([]);
  expect(report!.result!.edits).toEqual([]);
  expect(report!.result!.reviews.map((r) => r.messageId)).toEqual(['wasiCopy']);
  const kinds = report!.remaining.map((r) => r.kind);
  expect(kinds).toContain('invalid');
  expect(report!.remaining.find((r) => r.kind === 'invalid')!.message).toContain('`wasi:io@0.2.2` is referenced but is not in deps/');
});
