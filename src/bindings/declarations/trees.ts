/**
 * Finding jco-generated declaration trees in a project: a folder holding an
 * `interfaces/` folder of jco interface files, and (usually) the world files
 * beside it. Several worlds generated into one folder share its
 * `interfaces/`, so they form one tree.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { TypesFlavour } from '../../jco/types.js';
import { readMarker, type Marker } from './markers.js';

export interface TreeFile {
  /** Relative to the tree root, `/`-separated: `kv.d.ts`, `interfaces/wasi-io-poll.d.ts`. */
  readonly rel: string;
  readonly text: string;
  readonly marker: Marker;
}

export interface DeclarationTree {
  /** Relative to the project, `/`-separated; `''` for the project folder itself. */
  readonly root: string;
  readonly flavour: TypesFlavour;
  readonly worlds: TreeFile[];
  readonly interfaces: TreeFile[];
  /** Why the tree cannot be regenerated as it is (it is then only reported). */
  readonly problem?: TreeProblem;
}

export interface TreeProblem {
  /** Project-relative file the problem is about. */
  readonly file: string;
  /** Its message in the declarations pass's `messages` (declarations/index.ts). */
  readonly messageId: 'mixesFlavours' | 'mixesInstantiation' | 'transpiled';
}

/**
 * Folders never searched: other people's packages, and dot-folders (VCS data,
 * caches, \`.next\`). Build output (\`dist\`, \`out\`) is searched: \`jco transpile\`
 * writes there, which is reported. Symlinks are not followed (no loops,
 * nothing outside the project), as the code files' walk (project.ts) does.
 */
const SKIP = new Set(['node_modules']);

export interface DeclarationScan {
  readonly trees: DeclarationTree[];
  /** Every declaration file (\`.d.ts\`, \`.d.mts\`, \`.d.cts\`) the walk saw, trees' included: project-relative, \`/\`-separated. */
  readonly declarationFiles: string[];
}

/** The project's one walk for declarations: its jco trees, and the declaration files a hand-written 0.2 one may be in. */
export function scanDeclarations(projectDir: string): DeclarationScan {
  const trees: DeclarationTree[] = [];
  const declarationFiles: string[] = [];
  const walk = (rel: string) => {
    const entries = readdirSync(path.join(projectDir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (entries.some((e) => e.name === 'interfaces' && e.isDirectory())) {
      const t = readTree(projectDir, rel);
      if (t) trees.push(t);
    }
    for (const e of entries) {
      if (SKIP.has(e.name) || e.name.startsWith('.')) continue;
      const q = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(q);
      else if (e.isFile() && /\.d\.[cm]?ts$/.test(e.name)) declarationFiles.push(q);
    }
  };
  if (existsSync(projectDir)) walk('');
  return { trees, declarationFiles };
}

function dtsFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((n) => n.endsWith('.d.ts') && statSync(path.join(dir, n)).isFile())
    .sort();
}

function readTree(projectDir: string, root: string): DeclarationTree | undefined {
  const abs = path.join(projectDir, root);
  const at = (rel: string) => (root ? `${root}/${rel}` : rel);
  const interfaces: TreeFile[] = [];
  for (const n of dtsFiles(path.join(abs, 'interfaces'))) {
    const text = readFileSync(path.join(abs, 'interfaces', n), 'utf8');
    const marker = readMarker(text, true);
    if (marker) interfaces.push({ rel: `interfaces/${n}`, text, marker });
  }
  if (!interfaces.length) return undefined;
  const worlds: TreeFile[] = [];
  for (const n of dtsFiles(abs)) {
    const text = readFileSync(path.join(abs, n), 'utf8');
    const marker = readMarker(text, false);
    if (marker) worlds.push({ rel: n, text, marker });
  }
  const flavour = worlds[0]?.marker.flavour ?? interfaces[0]!.marker.flavour;
  const problem = (file: string, messageId: TreeProblem['messageId']): DeclarationTree => ({ root, flavour, worlds, interfaces, problem: { file: at(file), messageId } });
  const kinds = new Set([...interfaces, ...worlds].map((f) => f.marker.flavour.kind));
  if (kinds.size > 1) {
    return problem(interfaces[0]!.rel, 'mixesFlavours');
  }
  const inst = new Set(worlds.map((w) => (w.marker.flavour.kind === 'host' ? (w.marker.flavour.instantiation ?? '') : '')));
  if (inst.size > 1) {
    return problem(worlds[0]!.rel, 'mixesInstantiation');
  }
  // `jco transpile` writes the same declarations beside the component's JS and core Wasm: they describe
  // that compiled component and change only when it is rebuilt and transpiled again.
  const transpiled = worlds.find((w) => existsSync(path.join(abs, w.rel.replace(/\.d\.ts$/, '.js'))));
  if (transpiled || readdirSync(abs).some((n) => n.endsWith('.core.wasm'))) {
    return problem(transpiled?.rel ?? worlds[0]?.rel ?? interfaces[0]!.rel, 'transpiled');
  }
  return { root, flavour, worlds, interfaces };
}
