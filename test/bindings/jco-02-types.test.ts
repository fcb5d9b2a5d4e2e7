import { readFileSync } from 'node:fs';
import path from 'node:path';
import { jco02TypesModule } from '../../src/bindings/code/jco-02-types-build.js';
import { packageRoot } from '../../src/util/package-root.js';

// bindings/local-mirrors reads jco's 0.2 declarations from the module; it must be what the jco installed generates.
it('src/bindings/code/jco-02-types.ts is what jco generates now (node dist/src/bindings/code/jco-02-types-build.js)', async () => {
  expect(await jco02TypesModule()).toBe(readFileSync(path.join(packageRoot(), 'src', 'bindings', 'code', 'jco-02-types.ts'), 'utf8'));
}, 120_000);
