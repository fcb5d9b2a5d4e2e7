/** jest globalTeardown: the run's component builds (test/global-setup.mjs) go with the run. */
import { rmSync } from 'node:fs';

export default function globalTeardown() {
  const dir = process.env.WASI_MIGRATE_BUILD_CACHE;
  if (dir && /wasi-migrate-builds-[^/\\]+$/.test(dir)) rmSync(dir, { recursive: true, force: true });
}
