/** jest globalTeardown: the run's component builds and its own temp folder (test/global-setup.mjs) go with the run. */
import { rmSync } from 'node:fs';

export default function globalTeardown() {
  const dir = process.env.WASI_MIGRATE_BUILD_CACHE;
  if (dir && /wasi-migrate-builds-[^/\\]+$/.test(dir)) rmSync(dir, { recursive: true, force: true });
  const tmp = process.env.WASI_MIGRATE_TEST_TMP;
  if (tmp && /^\/dev\/shm\/wasi-migrate-test-tmp-[^/]+$/.test(tmp)) rmSync(tmp, { recursive: true, force: true });
}
