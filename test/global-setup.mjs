/**
 * jest globalSetup: stop the whole run at once when the test corpus is missing
 * (one message: where it looked, WASI_MIGRATE_CORPUS, `npm run corpus`),
 * instead of every suite that reads it failing on its own. Then a fresh
 * folder for this run's component builds (WASI_MIGRATE_BUILD_CACHE, read by
 * src/exec/component-build.ts; the test workers inherit it), removed by
 * test/global-teardown.mjs: a component several suites build from the same
 * inputs is built once per run.
 *
 * Both go under a temp folder of the run's own, on a RAM file system when the
 * machine has one with room (Linux's /dev/shm as tmpfs, 4 GiB free) and
 * TMPDIR is not set: the workers and every child they spawn inherit TMPDIR.
 * The suites write many thousands of small files, and every `--write` syncs
 * each file it writes (src/util/txn.ts): on a disk each sync waits for the
 * device (test/util/txn.test.ts: 128 s, 48 s on tmpfs). The same files are
 * written and read; only what a power cut would keep differs, which no test
 * can see. TMPDIR set (or WASI_MIGRATE_TEST_TMPDIR=os) keeps the default.
 *
 * Plain ESM on the compiled helper (dist/src/util/corpus.js, from
 * src/util/corpus.ts): jest loads globalSetup outside its module system, where
 * the tests' `.js` -> `.ts` mapping does not apply. `npm test` compiles first.
 */
import { mkdtempSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TMPFS = 0x01021994;
const ROOM = 4 * 2 ** 30;

/** /dev/shm when it is tmpfs with ROOM free, on Linux, TMPDIR unset and not turned off; else undefined. */
function ramTmp() {
  if (process.platform !== 'linux' || process.env.TMPDIR || process.env.WASI_MIGRATE_TEST_TMPDIR === 'os') return undefined;
  try {
    const fs = statfsSync('/dev/shm');
    return fs.type === TMPFS && fs.bavail * fs.bsize >= ROOM ? '/dev/shm' : undefined;
  } catch {
    return undefined;
  }
}

export default async function globalSetup() {
  let missingCorpusMessage;
  try {
    ({ missingCorpusMessage } = await import('../dist/src/util/corpus.js'));
  } catch (e) {
    process.stderr.write(`\njest globalSetup: cannot load dist/src/util/corpus.js (${e.message}); run \`npm run build\` first (npm test does)\n\n`);
    process.exit(1);
  }
  const message = missingCorpusMessage();
  if (message !== undefined) {
    process.stderr.write(`\n${message}\n\n`);
    process.exit(1);
  }
  const ram = ramTmp();
  if (ram) process.env.TMPDIR = process.env.WASI_MIGRATE_TEST_TMP = mkdtempSync(join(ram, 'wasi-migrate-test-tmp-'));
  process.env.WASI_MIGRATE_BUILD_CACHE = mkdtempSync(join(tmpdir(), 'wasi-migrate-builds-'));
}
