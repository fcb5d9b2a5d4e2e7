/**
 * Where each part of the test corpus comes from (the corpus README's tables):
 * a folder of the corpus, the repository and the ref it was taken from.
 * `ref: null` where the corpus does not record one; such a part cannot be
 * fetched, only verified.
 */
export interface Source {
  /** Folder in the corpus, relative to its root. */
  readonly folder: string;
  readonly repo: string;
  readonly ref: string | null;
}

const wasi = (v: string): Source => ({ folder: `wasi/${v}`, repo: 'WebAssembly/WASI', ref: `v${v}` });
const rc = (d: string): Source => ({ folder: `thirdparty/wasi-rc/0.3.0-rc-${d}`, repo: 'WebAssembly/WASI', ref: `v0.3.0-rc-${d}` });
const wasmcloud = (name: string): Source => ({ folder: `thirdparty/code/${name}`, repo: 'wasmCloud/typescript', ref: 'e699e59' });

export const SOURCES: readonly Source[] = [
  ...['0.2.0', '0.2.3', '0.2.6', '0.2.12', '0.3.0'].map(wasi),
  // The corpus README names wasm-tools' crates/wit-parser/tests/ui, not the commit it was taken at.
  { folder: 'wit-parser-ui', repo: 'bytecodealliance/wasm-tools', ref: null },
  { folder: 'thirdparty/wit/spin', repo: 'spinframework/spin', ref: '94a8fc8' },
  { folder: 'thirdparty/wit/wasi-blobstore', repo: 'WebAssembly/wasi-blobstore', ref: '824aa76' },
  // "@ Jul 2025 heads": no commit recorded.
  { folder: 'thirdparty/wit/wasi-keyvalue', repo: 'WebAssembly/wasi-keyvalue', ref: null },
  { folder: 'thirdparty/wit/wasi-config', repo: 'WebAssembly/wasi-config', ref: null },
  { folder: 'thirdparty/wit/wasi-logging', repo: 'WebAssembly/wasi-logging', ref: null },
  { folder: 'thirdparty/wit/wasi-messaging', repo: 'WebAssembly/wasi-messaging', ref: null },
  { folder: 'thirdparty/wit/wasmtime-debugger', repo: 'bytecodealliance/wasmtime', ref: 'e6b33de' },
  ...['2026-01-06', '2026-02-09', '2026-03-15'].map(rc),
  { folder: 'thirdparty/code/componentizejs-tests', repo: 'bytecodealliance/ComponentizeJS', ref: '5be3a66' },
  ...['wasmcloud-http-hello-world', 'wasmcloud-http-stdio', 'wasmcloud-http-client', 'wasmcloud-http-hello-world-fetch', 'wasmcloud-service-tcp-echo'].map(wasmcloud),
];
