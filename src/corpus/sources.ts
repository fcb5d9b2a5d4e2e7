/**
 * Where each part of the test corpus comes from (written by hand; the
 * checksums in corpus/manifest.json are generated from a corpus folder by
 * `npm run corpus -- --write-manifest`). A source is a GitHub repository at a
 * tag or commit; `covers` are the corpus paths (folders end in `/`) taken from
 * it. The fetch is by content: every regular file of the source's tarball is
 * hashed and a corpus file is written from the one whose SHA-256 the manifest
 * gives, so the layout inside the tarball (`upstream`, for people) is not
 * relied on. A source with `ref: null` cannot be fetched reproducibly: `why` says so.
 */
export interface SourceSpec {
  readonly id: string;
  /** `owner/name` on GitHub, or null for files written in this workspace. */
  readonly repo: string | null;
  /** Tag or commit; null when not recorded (`--ref ID=REF` supplies one). */
  readonly ref: string | null;
  /** Where the files are inside the repository (documentation only). */
  readonly upstream: string;
  /** Corpus paths this source provides, as path prefixes (a folder ends in `/`). */
  readonly covers: readonly string[];
  /** When ref or repo is null: why the part cannot be fetched. */
  readonly why?: string;
}

const wasiRelease = (v: string, extra: string[] = []): SourceSpec => ({
  id: `wasi-${v}`,
  repo: 'WebAssembly/WASI',
  ref: `v${v}`,
  upstream: "each package's own .wit files (its wit/ folder without deps/; proposals/<pkg>/wit at recent tags)",
  covers: [`wasi/${v}/`, ...extra],
});

const wasiRc = (rc: string, extra: string[] = []): SourceSpec => ({
  id: `wasi-rc-${rc}`,
  repo: 'WebAssembly/WASI',
  ref: `v0.3.0-rc-${rc}`,
  upstream: 'proposals/<pkg>/wit-0.3.0-draft, without deps/',
  covers: [`thirdparty/wasi-rc/0.3.0-rc-${rc}/`, ...extra],
});

export const SOURCES: readonly SourceSpec[] = [
  wasiRelease('0.2.0'),
  wasiRelease('0.2.3'),
  wasiRelease('0.2.6'),
  wasiRelease('0.2.12'),
  wasiRelease('0.3.0', ['wasi/LICENSE.md']),
  {
    id: 'wit-parser-ui',
    repo: 'bytecodealliance/wasm-tools',
    ref: null,
    upstream: 'crates/wit-parser/tests/ui (two cases that need core Wasm binaries left out), LICENSE-APACHE',
    covers: ['wit-parser-ui/'],
    why: 'the wasm-tools commit it was taken at is not recorded in the corpus (no README or VERSION inside wit-parser-ui/); try one with --ref wit-parser-ui=<commit>',
  },
  wasiRc('2026-01-06'),
  wasiRc('2026-02-09'),
  wasiRc('2026-03-15', ['thirdparty/licenses/WebAssembly_WASI-LICENSE.md']),
  {
    id: 'thirdparty-spin',
    repo: 'spinframework/spin',
    ref: '94a8fc8',
    upstream: 'wit/',
    covers: ['thirdparty/wit/spin/', 'thirdparty/licenses/spinframework_spin-LICENSE'],
  },
  {
    id: 'thirdparty-wasi-blobstore',
    repo: 'WebAssembly/wasi-blobstore',
    ref: '824aa76',
    upstream: 'wit/',
    covers: ['thirdparty/wit/wasi-blobstore/'],
  },
  {
    id: 'thirdparty-wasmtime-debugger',
    repo: 'bytecodealliance/wasmtime',
    ref: 'e6b33de',
    upstream: 'crates/debugger/wit/, LICENSE',
    covers: ['thirdparty/wit/wasmtime-debugger/', 'thirdparty/licenses/bytecodealliance_wasmtime-LICENSE'],
  },
  {
    id: 'thirdparty-componentizejs',
    repo: 'bytecodealliance/ComponentizeJS',
    ref: '5be3a66',
    upstream: 'test/cases/{http-server,http-request,wall-clock}, test/api, test/wit, LICENSE',
    covers: ['thirdparty/code/componentizejs-tests/', 'thirdparty/licenses/bytecodealliance_ComponentizeJS-LICENSE'],
  },
  {
    id: 'thirdparty-wasmcloud',
    repo: 'wasmCloud/typescript',
    ref: 'e699e59',
    upstream: 'examples/components/*, templates/*',
    covers: ['thirdparty/code/wasmcloud-'],
  },
  {
    id: 'thirdparty-wasi-drafts',
    repo: null,
    ref: null,
    upstream: 'WebAssembly/wasi-{keyvalue,config,logging,messaging} wit/',
    covers: ['thirdparty/wit/wasi-keyvalue/', 'thirdparty/wit/wasi-config/', 'thirdparty/wit/wasi-logging/', 'thirdparty/wit/wasi-messaging/'],
    why: 'thirdparty/README.md gives these as "Jul 2025 heads", no commit',
  },
  {
    id: 'workspace-readmes',
    repo: null,
    ref: null,
    upstream: 'written for this workspace',
    covers: ['README.md', 'thirdparty/README.md'],
    why: 'written for this workspace, no upstream (no test reads them)',
  },
];

/** The source a corpus path belongs to: the first with a `covers` prefix of it. */
export function sourceOf(rel: string, sources: readonly SourceSpec[] = SOURCES): SourceSpec | undefined {
  return sources.find((s) => s.covers.some((c) => rel.startsWith(c)));
}

/** GitHub's tarball of a repository at a tag or commit. */
export function tarballUrl(repo: string, ref: string): string {
  return `https://codeload.github.com/${repo}/tar.gz/${ref}`;
}
