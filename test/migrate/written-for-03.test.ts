/**
 * A package written for 0.3 needs nothing: `wit --check` on it exits 0 with
 * nothing to change and nothing to review, whatever shapes its authors chose
 * (a start/finish pair, a try/wait twin, a cursor, a handle returned in a
 * result, a stream accessor beside sync methods). The shape rules port 0.2
 * conventions, and these shapes, in a package that speaks 0.3 already, are
 * not one. The same shapes in a 0.2 package (it uses wasi:io) are still
 * ported. Each package is valid WIT to the real wit-parser (the check runs
 * it).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runMigration } from '../../src/migrate/run.js';

/** Packages written for 0.3, each tempting one shape rule. */
const WRITTEN_FOR_03: Record<string, string> = {
  'a recording pair whose error can say would-block (rule 1)': `package my:rec@0.1.0;

interface recorder {
  enum error { busy, would-block }
  start-recording: func(rate: u32) -> result<_, error>;
  finish-recording: func() -> result<list<u8>, error>;
  live: func() -> stream<u8>;
}

world w {
  import recorder;
}
`,
  'a try/wait twin (rule 6)': `package my:sync@0.1.0;

interface locks {
  enum error { busy }
  resource mutex {
    constructor();
    acquire: func() -> result<_, error>;
    blocking-acquire: func() -> result<_, error>;
    wait-unlocked: async func();
  }
}

world w {
  import locks;
}
`,
  'a cursor with next (rule 11)': `package my:db@0.1.0;

interface query {
  resource rows {
    next: func() -> result<option<string>, u32>;
  }
  list-names: func() -> rows;
  export-all: func() -> stream<string>;
}

world w {
  import query;
}
`,
  'an early error, then a future (rule 13)': `package my:rpc@0.1.0;

interface client {
  variant error { timeout, other(string) }
  send: func(body: list<u8>) -> result<future<result<list<u8>, error>>, error>;
  ping: func() -> result<future<result<_, string>>, error>;
}

world w {
  import client;
}
`,
  'a stream accessor beside sync methods (rule 14)': `package my:vfs@0.1.0;

interface files {
  enum error-code { not-found, denied }
  resource file {
    read: func(len: u64) -> result<list<u8>, error-code>;
    write: func(data: list<u8>) -> result<u64, error-code>;
    contents: func() -> tuple<stream<u8>, future<result<_, error-code>>>;
  }
  open: func(path: string) -> result<file, error-code>;
}

world w {
  import files;
}
`,
};

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'wm-03-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tree(name: string, text: string): string {
  const root = path.join(dir, name.replace(/[^a-z0-9]+/gi, '-'));
  mkdirSync(root, { recursive: true });
  writeFileSync(path.join(root, 'api.wit'), text);
  return root;
}

it.each(Object.entries(WRITTEN_FOR_03))('written for 0.3, %s: nothing to change, nothing to review, valid', async (name, text) => {
  const [report] = await runMigration([tree(name, text)]);
  expect(report!.errors).toEqual([]);
  expect(report!.result!.changes).toEqual([]);
  expect(report!.result!.reviews).toEqual([]);
  // `remaining` holds the real wit-parser's refusal of the tree as it is, and any 0.2 left: neither.
  expect(report!.remaining).toEqual([]);
});

it('the same shapes in a 0.2 package (it uses wasi:io) are ported', async () => {
  const text = `package my:sync@0.1.0;

interface locks {
  use wasi:io/poll@0.2.0.{pollable};
  enum error { busy }
  resource mutex {
    constructor();
    acquire: func() -> result<_, error>;
    blocking-acquire: func() -> result<_, error>;
    subscribe: func() -> pollable;
  }
  resource rows {
    next: func() -> result<option<string>, u32>;
    subscribe: func() -> pollable;
  }
  list-names: func() -> rows;
}

world w {
  import locks;
}
`;
  const [report] = await runMigration([tree('0.2 twins and cursor', text)]);
  expect(report!.errors).toEqual([]);
  const after = report!.result!.files['api.wit']!;
  expect(after).toContain('acquire: async func() -> result<_, error>;');
  expect(after).not.toContain('blocking-acquire');
  expect(after).toContain('list-names: func() -> tuple<stream<string>, future<result<_, u32>>>;');
  expect(after).not.toContain('wasi:io');
});
