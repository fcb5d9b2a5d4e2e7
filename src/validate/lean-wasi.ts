/**
 * A small WASI 0.2 host for jco's wasm-tools build when it is handed WIT as
 * text (`componentEmbed({ witSource })`) and so reads no file: it stands in
 * for the four preview2-shim modules that build imports (cli, filesystem,
 * io, random), which start a worker thread for their synchronous file
 * system as soon as they load (about 45 ms of a CLI start, issue 18).
 *
 * Same names and shapes as preview2-shim 0.26 for everything wasm-tools
 * calls outside file access: the environment, exit, random bytes, the
 * terminal handles, and stdout/stderr (written synchronously here, where
 * preview2-shim hands them to its worker). It has no preopened folder, so
 * any file access fails as it would on a host with no file system: the
 * loader (wit-parser.ts) never hands this instance a path.
 */
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';

class IoError {
  readonly #message: string;
  constructor(message: string) {
    this.#message = message;
  }
  toDebugString(): string {
    return this.#message;
  }
}

class InputStream {
  read(): Uint8Array {
    throw { tag: 'closed' };
  }
  blockingRead(): Uint8Array {
    throw { tag: 'closed' };
  }
}

class OutputStream {
  readonly #fd: number;
  constructor(fd: number) {
    this.#fd = fd;
  }
  checkWrite(): bigint {
    return 1n << 20n;
  }
  write(buf: Uint8Array): void {
    try {
      writeSync(this.#fd, buf);
    } catch (e) {
      throw { tag: 'last-operation-failed', val: new IoError(e instanceof Error ? e.message : String(e)) };
    }
  }
  blockingWriteAndFlush(buf: Uint8Array): void {
    this.write(buf);
  }
  flush(): void {}
  blockingFlush(): void {}
}

class TerminalInput {}
class TerminalOutput {}
class Descriptor {}
class DirectoryEntryStream {}

const stdoutStream = new OutputStream(1);
const stderrStream = new OutputStream(2);
const terminals = { stdin: new TerminalInput(), stdout: new TerminalOutput(), stderr: new TerminalOutput() };

// wasi:cli
export const environment = {
  getEnvironment: (): [string, string][] => Object.entries(process.env) as [string, string][],
  getArguments: (): string[] => process.argv.slice(1),
  initialCwd: (): string => process.cwd(),
};
export const exit = {
  exit: (status: { tag: 'ok' | 'err' }): never => process.exit(status.tag === 'err' ? 1 : 0),
  exitWithCode: (code: number): never => process.exit(code),
};
export const stdin = { getStdin: () => new InputStream() };
export const stdout = { getStdout: () => stdoutStream };
export const stderr = { getStderr: () => stderrStream };
export const terminalInput = { TerminalInput };
export const terminalOutput = { TerminalOutput };
export const terminalStdin = { getTerminalStdin: () => terminals.stdin };
export const terminalStdout = { getTerminalStdout: () => terminals.stdout };
export const terminalStderr = { getTerminalStderr: () => terminals.stderr };

// wasi:filesystem: no preopened folder, so no descriptor is ever made.
export const preopens = { getDirectories: (): [Descriptor, string][] => [] };
export const types = { Descriptor, DirectoryEntryStream, filesystemErrorCode: (): undefined => undefined };

// wasi:io
export const error = { Error: IoError };
export const streams = { InputStream, OutputStream };

/**
 * `len` bytes from the OS's CSPRNG: /dev/urandom where there is one (wasm-tools asks
 * once, for its hash seeds; node:crypto costs more to load than the rest of this
 * host), else node:crypto.
 */
function randomBytes(len: number): Buffer {
  const buf = Buffer.alloc(len);
  let fd: number | undefined;
  try {
    fd = openSync('/dev/urandom', 'r');
    for (let n = 0; n < len; ) {
      const got = readSync(fd, buf, n, len - n, null);
      if (got <= 0) throw new Error('/dev/urandom: short read');
      n += got;
    }
    return buf;
  } catch {
    return (createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto')).randomBytes(len);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

// wasi:random
export const random = {
  getRandomBytes: (len: bigint | number): Uint8Array => randomBytes(Number(len)),
  getRandomU64: (): bigint => randomBytes(8).readBigUInt64LE(),
};
