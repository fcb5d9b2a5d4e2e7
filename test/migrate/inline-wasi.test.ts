/**
 * A component's WIT as `wasm-tools component wit` (and `jco wit`) print it:
 * one file, the world first, then every package it uses as a nested block,
 * the WASI ones included. Those blocks are dependencies vendored inline: the
 * port replaces them by what it uses of the official 0.3.0 packages (rule
 * 17) and leaves
 * their bodies to no other rule, while the package's own nested blocks are
 * ported as any of its code. The output needs nothing beside it: the real
 * wit-parser accepts the file as written, with no official stand-in.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runMigration } from '../../src/migrate/run.js';

const PRINTED = `package root:component;

world root {
  import wasi:io/poll@0.2.6;
  import wasi:io/error@0.2.6;
  import wasi:io/streams@0.2.6;
  import wasi:cli/environment@0.2.6;
  import wasi:cli/stdin@0.2.6;
  import wasi:cli/stdout@0.2.6;
  import my:lib/source;

  export test:rust/foo;
}
package wasi:io@0.2.6 {
  interface poll {
    resource pollable {
      block: func();
    }
  }
  interface error {
    resource error;
  }
  interface streams {
    use error.{error};
    use poll.{pollable};

    resource input-stream;

    resource output-stream {
      check-write: func() -> result<u64, stream-error>;
      write: func(contents: list<u8>) -> result<_, stream-error>;
      blocking-flush: func() -> result<_, stream-error>;
      subscribe: func() -> pollable;
    }

    variant stream-error {
      last-operation-failed(error),
      closed,
    }
  }
}


package wasi:cli@0.2.6 {
  interface environment {
    get-environment: func() -> list<tuple<string, string>>;
  }
  interface stdin {
    use wasi:io/streams@0.2.6.{input-stream};

    get-stdin: func() -> input-stream;
  }
  interface stdout {
    use wasi:io/streams@0.2.6.{output-stream};

    get-stdout: func() -> output-stream;
  }
}


package my:lib {
  interface source {
    use wasi:io/streams@0.2.6.{input-stream};

    enum error-code { gone }

    open: func(name: string) -> result<input-stream, error-code>;
  }
}


package test:rust {
  interface foo {
    foo: func() -> string;
  }
}
`;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'wm-inline-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('a printed component WIT: inline WASI packages become 0.3.0, its own nested package is ported, and the file stands alone', async () => {
  const root = path.join(dir, 'printed');
  mkdirSync(root);
  writeFileSync(path.join(root, 'component.wit'), PRINTED);
  const [report] = await runMigration([root]);
  expect(report!.errors).toEqual([]);
  // The package resolves as read (the inline packages are the ones its references name).
  expect(report!.warnings).toEqual([]);
  // Checked by the real wit-parser with nothing added: every package it names is in the file.
  expect(report!.standIns).toEqual([]);
  // Left: the marker saying what the 0.3.0 environment adds to the printed one (it held get-environment alone).
  expect(report!.remaining.map((r) => [r.kind, r.line])).toEqual([['review-marker', 11]]);
  expect(report!.result!.reviews.filter((r) => r.messageId === 'trimmedBlock').map((r) => r.data?.added)).toEqual(['`environment.get-arguments` and `environment.get-initial-cwd`']);
  const after = report!.result!.files['component.wit']!;
  expect(after.replace(/^ *\/\/.*\n/gm, '')).not.toMatch(/@0\.2\.6|wasi:io/);
  expect(after).toContain('package wasi:cli@0.3.0 {');
  expect(after).toContain('  import wasi:cli/stdin@0.3.0;');
  // Only what the component uses, as wasm-tools prints it: wasi:cli's stdin, stdout, environment and their types.
  expect(after).not.toMatch(/wasi:(sockets|filesystem|clocks)@0\.3\.0|interface terminal-input|world imports/);
  expect([...after.matchAll(/^  interface ([a-z-]+) \{/gm)].map((m) => m[1])).toEqual(['environment', 'types', 'stdin', 'stdout', 'source', 'foo']);
  // No rule touched the bodies of the inline WASI packages (blocking-flush had no twin to report).
  expect(report!.result!.reviews.map((r) => r.message).join('\n')).not.toContain('blocking-flush');
  // The package's own nested block is its code: ported (rule 4, as WASI's own read-via-stream moved).
  expect(after).toContain('    open: func(name: string) -> tuple<stream<u8>, future<result<_, error-code>>>;');

  // What was written is done: a second run has nothing to change.
  const again = path.join(dir, 'again');
  mkdirSync(again);
  writeFileSync(path.join(again, 'component.wit'), after);
  const [second] = await runMigration([again]);
  expect(second!.errors).toEqual([]);
  expect(second!.result!.changes).toEqual([]);
  expect(second!.remaining).toEqual(report!.remaining);
});

// /tmp/s41/wprobe2/wasmcloud-decoded (a wasmCloud README's printed WIT): the notes said every block after the first
// "goes: nothing in the migrated package references it", wasi:cli and wasi:http included, which came back at 0.3.0 in
// the first one's place, and that note named the first block alone.
it('the notes of replaced blocks say what takes their place; only a block nothing needs goes for that reason', async () => {
  const root = path.join(dir, 'notes');
  mkdirSync(root);
  writeFileSync(path.join(root, 'component.wit'), `package root:component;

world root {
  import wasi:io/poll@0.2.9;
  import wasi:clocks/monotonic-clock@0.2.9;
  import wasi:cli/environment@0.2.9;
}
package wasi:io@0.2.9 {
  interface poll {
    resource pollable;
  }
}


package wasi:clocks@0.2.9 {
  interface monotonic-clock {
    use wasi:io/poll@0.2.9.{pollable};

    type duration = u64;

    subscribe-duration: func(when: duration) -> pollable;
  }
}


package wasi:cli@0.2.9 {
  interface environment {
    get-environment: func() -> list<tuple<string, string>>;
  }
}
`);
  const [report] = await runMigration([root]);
  expect(report!.errors).toEqual([]);
  const notes = report!.result!.edits.filter((e) => e.rule === 'inline-wasi-packages').map((e) => e.note);
  expect(notes.find((n) => n.startsWith('inline wasi:clocks@0.3.0, wasi:cli@0.3.0 from jco'))).toContain('in place of wasi:clocks@0.2.9, wasi:cli@0.2.9 (');
  expect(notes).toContain('inline wasi:cli@0.2.9 goes: wasi:cli@0.3.0 is written where wasi:clocks@0.2.9 was');
  expect(notes).toContain('inline wasi:io@0.2.9 goes: nothing in the migrated package references it');
  expect(notes.join('\n')).not.toContain('wasi:cli@0.2.9 goes: nothing');
});
