/**
 * The official WASI WIT this package ships (`official-wit/`): the stand-ins
 * the resolver reads for `wasi:*` references a tree does not vendor, the
 * 0.3.0 packages rules write into trees, and the texts the bindings rewriter
 * reads WASI's items from. Data, read once per process; below the rules, the
 * bridge to wit-parser and the bindings alike.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../util/package-root.js';

/** The versions `official-wit/` holds: the only ones a stand-in may come from. */
export const SHIPPED_VERSIONS = ['0.2.10', '0.2.12', '0.3.0'] as const;
export type WasiVersion = (typeof SHIPPED_VERSIONS)[number];

/** Whether `official-wit/` holds `version`. */
export function isShipped(version: string | undefined): version is WasiVersion {
  return (SHIPPED_VERSIONS as readonly (string | undefined)[]).includes(version);
}

/**
 * Directory holding the official WASI WIT for a version:
 * `official-wit/<version>/` of this package, one `wasi-<name>/package.wit`
 * per proposal: jco 1.35's snapshot of the WASI release tags (doc comments
 * stripped by jco), vendored by scripts/vendor-official-wit.sh with
 * checksums in official-wit/SHA256SUMS. 0.2.10 (clocks, io, sockets only),
 * 0.2.12 and 0.3.0.
 */
export function officialWitDir(version: WasiVersion): string {
  const dir = path.join(officialWitRoot(), version);
  if (!existsSync(dir)) {
    throw new Error(`no official WASI ${version} WIT: ${dir} is missing (run scripts/vendor-official-wit.sh)`);
  }
  return dir;
}

/** `official-wit/` of this package: one folder per WASI version vendored. */
export function officialWitRoot(): string {
  return path.join(packageRoot(), 'official-wit');
}

/** The official package listings and texts, each read once per process (every phase of every package asks again). */
const officialPaths = new Map<WasiVersion, Record<string, string>>();
const officialTexts = new Map<string, string | undefined>();

/** The official packages of a version: name (e.g. `http`) -> path of its package.wit. */
export function officialWitPackages(version: WasiVersion): Readonly<Record<string, string>> {
  let out = officialPaths.get(version);
  if (out) return out;
  const dir = officialWitDir(version);
  out = {};
  for (const d of readdirSync(dir).sort()) {
    const f = path.join(dir, d, 'package.wit');
    if (d.startsWith('wasi-') && existsSync(f)) out[d.slice(5)] = f;
  }
  officialPaths.set(version, out);
  return out;
}

/** The text of an official package (`http`), or undefined when none of that name is vendored. */
export function officialWitText(version: WasiVersion, name: string): string | undefined {
  const key = `${version}/${name}`;
  if (!officialTexts.has(key)) {
    const p = officialWitPackages(version)[name];
    officialTexts.set(key, p ? readFileSync(p, 'utf8') : undefined);
  }
  return officialTexts.get(key);
}

/** Whether WASI 0.3.0 has a release of the proposal \`wasi:<name>\` (\`http\` yes; \`nn\`, \`keyvalue\` no): what a 0.2 reference to it can move to. */
export function releasedIn03(name: string): boolean {
  return name in officialWitPackages('0.3.0');
}

/**
 * The WASI proposals, by the package name their WIT declares (`wasi:<name>`): WebAssembly/WASI's list of
 * proposals (phases 0 to 3, 2026; \`io\`, \`poll\`, \`pubsub\` and \`digital-io\` from its earlier versions), with
 * wasi-gfx's packages and each repository's own name where its package goes by another (wasi-kv-store is
 * \`wasi:keyvalue\`, wasi-runtime-config \`wasi:config\`, wasi-blob-store \`wasi:blobstore\`, wasi-message-queue
 * \`wasi:messaging\`, wasi-native-threads \`wasi:thread-spawn\`). Most have no release in `official-wit/`.
 */
export const WASI_PROPOSALS: readonly string[] = [
  'blob-store', 'blobstore', 'cli', 'clocks', 'config', 'crypto', 'digital-io', 'distributed-lock-service', 'filesystem',
  'frame-buffer', 'gpio', 'graphics-context', 'http', 'i2c', 'io', 'keyvalue', 'kv-store', 'logging', 'message-queue',
  'messaging', 'nn', 'observe', 'otel', 'parallel', 'pattern-match', 'poll', 'pubsub', 'random', 'runtime-config',
  'sockets', 'spi', 'sql', 'sql-embed', 'surface', 'thread-spawn', 'threads', 'tls', 'url', 'usb', 'webgpu',
];

/**
 * Whether \`wasi:<name>\` is a WASI package at all: a proposal (WASI_PROPOSALS) or a package `official-wit/` holds
 * at some version. One invented under the \`wasi\` namespace (wit-parser's own tests' \`wasi:foo\`) is not: it
 * has no release to move to because it was never WASI's, not because its proposal has not reached 0.3.
 */
export function isWasiPackage(name: string): boolean {
  return WASI_PROPOSALS.includes(name) || SHIPPED_VERSIONS.some((v) => name in officialWitPackages(v));
}
