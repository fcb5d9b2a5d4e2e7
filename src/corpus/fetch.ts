/**
 * `npm run corpus`: fetch the test corpus into $WASI_MIGRATE_CORPUS.
 *
 * For each source with a ref, download GitHub's tarball (Node's fetch),
 * gunzip it (node:zlib), hash every regular file in it, and write each corpus
 * file of the source from the tarball file with the SHA-256 the manifest
 * gives (a content-addressed pick: it does not depend on the layout inside the
 * tarball, and a file written is verified by construction). Everything goes to
 * a temporary folder beside the target, renamed into place only when every
 * fetchable source is complete.
 *
 * NOT TESTED against the network: the machine this was written on reaches no
 * host but the npm registry. The tar reader is tested offline (test/corpus/).
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { sha256, type Manifest, type ManifestSource } from './manifest.js';
import { tarballUrl } from './sources.js';

/** Regular files of an uncompressed tar archive (ustar, GNU and pax; names are not needed, only contents). */
export function* tarFiles(tar: Buffer): Generator<Buffer> {
  let off = 0;
  while (off + 512 <= tar.length) {
    const header = tar.subarray(off, off + 512);
    if (header.every((b) => b === 0)) return; // end of archive
    const size = parseInt(header.toString('latin1', 124, 136).replace(/\0.*$/s, '').trim() || '0', 8);
    const type = String.fromCharCode(header[156]!);
    const body = off + 512;
    if (type === '0' || type === '\0' || type === '7') yield tar.subarray(body, body + size);
    off = body + Math.ceil(size / 512) * 512;
  }
}

/** From a .tar.gz, the contents whose SHA-256 is wanted, by hash. */
export function pickByHash(tgz: Buffer, wanted: ReadonlySet<string>): Map<string, Buffer> {
  const found = new Map<string, Buffer>();
  for (const data of tarFiles(gunzipSync(tgz))) {
    const h = sha256(data);
    if (wanted.has(h)) found.set(h, data);
  }
  return found;
}

/** The tarball of a source: its manifest URL, or the URL for an override ref. */
function urlOf(s: ManifestSource, refs: ReadonlyMap<string, string>): string | null {
  const ref = refs.get(s.id);
  if (ref && s.repo) return tarballUrl(s.repo, ref);
  return s.url;
}

export async function fetchCorpus(target: string, manifest: Manifest, refs: ReadonlyMap<string, string> = new Map(), log: (m: string) => void = (m) => void process.stdout.write(`${m}\n`)): Promise<boolean> {
  target = resolve(target);
  for (const id of refs.keys()) {
    const s = manifest.sources.find((x) => x.id === id);
    if (!s?.repo) throw new Error(`--ref ${id}=...: no source with a repository has that id (${manifest.sources.filter((x) => x.repo).map((x) => x.id).join(', ')})`);
  }
  if (existsSync(target)) throw new Error(`${target} already exists: check it with \`npm run corpus -- --verify ${target}\`, or remove it to fetch again`);
  const tmp = `${target}.partial-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  let ok = true;
  try {
    for (const s of manifest.sources) {
      const files = Object.entries(s.files);
      const url = urlOf(s, refs);
      if (!url) {
        log(`skip ${s.id}: ${files.length} files not fetchable (${s.why ?? 'no ref'})`);
        continue;
      }
      log(`fetch ${s.id}: ${url}`);
      const res = await fetch(url);
      if (!res.ok) {
        log(`  FAILED: HTTP ${res.status} ${res.statusText}`);
        ok = false;
        continue;
      }
      const found = pickByHash(Buffer.from(await res.arrayBuffer()), new Set(files.map(([, h]) => h)));
      const missing = files.filter(([, h]) => !found.has(h)).map(([p]) => p);
      for (const [p, h] of files) {
        const data = found.get(h);
        if (!data) continue;
        mkdirSync(dirname(join(tmp, p)), { recursive: true });
        writeFileSync(join(tmp, p), data);
      }
      log(`  ${files.length - missing.length}/${files.length} files`);
      if (missing.length) {
        ok = false;
        log(`  FAILED: no file with the manifest's SHA-256 in the tarball for:\n    ${missing.join('\n    ')}`);
      }
    }
    if (!ok) return false;
    mkdirSync(dirname(target), { recursive: true });
    renameSync(tmp, target);
    log(`corpus written to ${target}`);
    return true;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
