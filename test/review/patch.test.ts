/**
 * `--patch`: the built CLI writes a patch of a dry run; `git apply` takes it
 * in a repo holding a copy of the input, and the result is the fixture's
 * expected output, byte for byte (modified, created and deleted files).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { cleanTmps, cli, copyFixture, git, requireBuiltCli, tmp, tree } from './helpers.js';

beforeAll(requireBuiltCli);
afterAll(cleanTmps);

test.each(['multi-file', 'kv-store'])('%s: the patch passes git apply --check, applies, and gives the expected output', (name) => {
  const repo = tmp();
  const pkg = copyFixture(name, 'input', repo, 'pkg');
  git(repo, 'init', '-q');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'input');
  const before = tree(pkg);

  const patchFile = path.join(tmp(), 'out.patch'); // outside the repo, so the repo stays clean
  const r = cli(repo, ['wit', 'pkg', '--no-validate', '--patch', patchFile]);
  expect(r.code).toBe(1);
  expect(r.err).toContain(`patch written to ${patchFile}`);
  expect(tree(pkg)).toEqual(before); // a dry run, patch or not, writes nothing in the package
  const patch = readFileSync(patchFile, 'utf8');
  expect(patch).toMatch(/^diff --git a\/pkg\//);

  git(repo, 'apply', '--check', patchFile);
  git(repo, 'apply', patchFile);
  const expected = copyFixture(name, 'expected', tmp(), 'pkg');
  expect(tree(pkg)).toEqual(tree(expected));
  // Nothing left to migrate once the patch is in; --check still fails while a review marker is in the tree.
  const check = cli(repo, ['wit', 'pkg', '--no-validate', '--check']);
  const markers = Object.values(tree(pkg)).some((t) => t.includes('wasi-migrate(review)'));
  expect(check.code).toBe(markers ? 1 : 0);
  if (markers) expect(check.out).toMatch(/left for a human: \d+ place/);
  expect(check.out).toMatch(/pkg: nothing to migrate/);
});

test('a patch with created and deleted files names them as git does', () => {
  const dir = tmp();
  copyFixture('multi-file', 'input', dir, 'mf');
  const patchFile = path.join(dir, 'mf.patch');
  expect(cli(dir, ['wit', 'mf', '--no-validate', '--patch', patchFile]).code).toBe(1);
  const patch = readFileSync(patchFile, 'utf8');
  expect(patch).toContain('diff --git a/mf/deps/clocks/package.wit b/mf/deps/clocks/package.wit\nnew file mode 100644\n--- /dev/null\n+++ b/mf/deps/clocks/package.wit\n');
  expect(patch).toContain('diff --git a/mf/deps/io/poll.wit b/mf/deps/io/poll.wit\ndeleted file mode 100644\n--- a/mf/deps/io/poll.wit\n+++ /dev/null\n');
  expect(existsSync(path.join(dir, 'mf', 'deps', 'io', 'poll.wit'))).toBe(true);
});
