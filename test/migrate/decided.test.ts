/**
 * A shape a team chose to keep: `// wasi-migrate(decided): why` above a
 * resource (or one of its functions, or its interface) or a function keeps
 * every shape rule off it. It stays as written, nothing is reported inside
 * it, and `wit --check` passes once the places of 0.2 it still needs (the
 * `use` of wasi:io) are decided the same way, as the README says. The same
 * shapes without the comment are still ported, so the comment is what
 * decides. Each tree goes through the whole run (the real wit-parser checks
 * it).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runMigration } from '../../src/migrate/run.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'wm-decided-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(name: string, text: string) {
  const root = path.join(dir, name);
  mkdirSync(root, { recursive: true });
  writeFileSync(path.join(root, 'api.wit'), text);
  const [report] = await runMigration([root]);
  expect(report!.errors).toEqual([]);
  return { report: report!, after: report!.result!.files['api.wit']! };
}

// A host API's cursor (no WASI in it): iterator-resources would report it (a sequence nothing says is 0.2: make it a
// stream?), where the host implements it as it is.
const CURSOR = (decided: string) => `package my:host@0.1.0;

interface rows {
${decided}  resource row-cursor {
    next: func() -> result<option<list<u8>>, string>;
  }
  query: func(sql: string) -> result<row-cursor, string>;
}

world plugin {
  import rows;
}
`;

test('a decided resource is left as written; the same resource undecided is reported', async () => {
  const keep = CURSOR('  // wasi-migrate(decided): the host implements this cursor as it is\n');
  const kept = await run('kept', keep);
  expect(kept.report.result!.changes).toEqual([]);
  expect(kept.report.remaining).toEqual([]);
  const reported = await run('reported', CURSOR(''));
  expect(reported.report.result!.reviews.map((r) => `${r.rule} ${r.messageId}`)).toEqual(['iterator-resources sequenceWithout02']);
  expect(reported.after).toContain('resource row-cursor');
});

// A 0.2 future (subscribe + get) the team keeps, its wasi:io use decided too: nothing to do, --check passes.
const FUTURE = (onGet: string, onUse: string) => `package my:jobs@0.1.0;

interface jobs {
${onUse}  use wasi:io/poll@0.2.0.{pollable};
  resource pending-job {
    subscribe: func() -> pollable;
${onGet}    get: func() -> option<result<u32, string>>;
  }
  submit: func(spec: string) -> pending-job;
}

world w {
  import jobs;
}
`;

test('a decided function keeps its resource as written; once the notes it causes are decided, --check has nothing left', async () => {
  const keep = FUTURE('    // wasi-migrate(decided): callers poll this job from a 0.2 host adapter\n', '  // wasi-migrate(decided): the kept job needs pollable\n');
  const poll = `package wasi:io@0.2.0;\n\ninterface poll {\n  resource pollable {\n    block: func();\n  }\n}\n`;
  const root = path.join(dir, 'future');
  mkdirSync(path.join(root, 'deps', 'io'), { recursive: true });
  writeFileSync(path.join(root, 'deps', 'io', 'poll.wit'), poll);
  writeFileSync(path.join(root, 'api.wit'), keep);
  const [first] = await runMigration([root]);
  expect(first!.errors).toEqual([]);
  // Rule 2 would make the resource a future and io-removal drop the use: neither happens. What is left is rule 9's
  // note that deps/io stays, a review the team decides as it decided the rest.
  const after = first!.result!.files['api.wit']!;
  expect(after.replace(/^\/\/ wasi-migrate\(review\): vendored wasi:io@0\.2\.0 \(deps\/io\) is kept[^\n]*\n/, '')).toBe(keep);
  expect(first!.result!.reviews.map((r) => r.rule)).toEqual(['vendored-deps']);
  writeFileSync(path.join(root, 'api.wit'), after.replace('wasi-migrate(review)', 'wasi-migrate(decided)'));
  writeFileSync(path.join(root, 'deps', 'io', 'poll.wit'), `// wasi-migrate(decided): the kept job needs it\n${poll}`);
  const [second] = await runMigration([root]);
  expect(second!.errors).toEqual([]);
  expect(second!.result!.changes).toEqual([]);
  expect(second!.result!.reviews).toEqual([]);
  expect(second!.remaining).toEqual([]);
  const undecided = await run('future-undecided', FUTURE('', ''));
  expect(undecided.after).toContain('submit: func(spec: string) -> future<result<u32, string>>;');
});

test('a decided free function that hands out a pollable stays as written; its undecided twin is ported', async () => {
  const text = `package my:timer@0.1.0;

interface timer {
  use wasi:io/poll@0.2.10.{pollable};
  // wasi-migrate(decided): the 0.2 adapter waits on this
  subscribe-tick: func(nanos: u64) -> pollable;
  subscribe-alarm: func(nanos: u64) -> pollable;
}

world w {
  import timer;
}
`;
  const { after } = await run('timer', text);
  expect(after).toContain('  // wasi-migrate(decided): the 0.2 adapter waits on this\n  subscribe-tick: func(nanos: u64) -> pollable;\n');
  expect(after).not.toContain('subscribe-alarm');
  expect(after).toContain('alarm');
});

test("turning each review marker into the team's decision: the next run raises none of them again", async () => {
  // The README's way of accepting a review item. Every review came back as a new marker above the decided one,
  // and --check could never pass on a place the team chose to keep.
  const text = `package my:jobs@0.1.0;

interface jobs {
  use wasi:io/poll@0.2.10.{pollable};
  resource pending-job {
    subscribe: func() -> pollable;
    get: func() -> option<result<u32, string>>;
    cancel: func();
  }
  submit: func(spec: string) -> pending-job;
}

world w {
  import jobs;
}
`;
  const first = await run('all-decided', text);
  expect(first.report.result!.reviews.length).toBeGreaterThanOrEqual(2);
  const decided = first.after.replaceAll('wasi-migrate(review)', 'wasi-migrate(decided)');
  const second = await run('all-decided-again', decided);
  expect(second.report.result!.reviews).toEqual([]);
  expect(second.report.result!.changes).toEqual([]);
  expect(second.report.remaining).toEqual([]);
});

test("a world's own decided function stays as written; its undecided neighbour is ported", async () => {
  const text = `package my:guest@0.1.0;

world guest {
  use wasi:io/streams@0.2.10.{input-stream};
  // wasi-migrate(decided): the host calls this with a 0.2 stream
  export digest: func(src: input-stream) -> list<u8>;
  export count: func(src: input-stream) -> u64;
}
`;
  const { after } = await run('world', text);
  expect(after).toContain('  export digest: func(src: input-stream) -> list<u8>;\n');
  expect(after).toContain('  export count: func(src: stream<u8>) -> u64;\n');
  expect(after).toContain('use wasi:io/streams@0.2.10.{input-stream};');
});

test("a world's own decided output-stream and pollable functions stay as written; their undecided neighbours are ported", async () => {
  const text = `package my:guest@0.1.0;

world guest {
  use wasi:io/streams@0.2.10.{output-stream};
  use wasi:io/poll@0.2.10.{pollable};
  // wasi-migrate(decided): the host writes to a 0.2 stream
  export open-log: func(name: string) -> result<output-stream, string>;
  export open-trace: func(name: string) -> result<output-stream, string>;
  // wasi-migrate(decided): the host polls this
  import subscribe-tick: func(ms: u64) -> pollable;
  import subscribe-tock: func(ms: u64) -> pollable;
}
`;
  const { after } = await run('world', text);
  expect(after).toContain('  export open-log: func(name: string) -> result<output-stream, string>;\n');
  expect(after).toContain('  export open-trace: func(data: stream<u8>, name: string) -> future<result<_, string>>;\n');
  expect(after).toContain('  import subscribe-tick: func(ms: u64) -> pollable;\n');
  expect(after).toContain('  import wait-tock: async func(ms: u64);\n');
});

test('a decision above a comment and a blank line (where runs before put the marker) passes --check too', async () => {
  // Runs before put the marker above the item's docs as the parser counts them: every comment since the line of
  // code before, a section heading a blank line apart included. A run puts it under the heading now (itemStart);
  // a decision written above the heading still counts, for the engine, the rules and --check alike.
  const text = `package my:jobs@0.1.0;

interface jobs {
  f: func();
  // The poll section.

  use wasi:io/poll@0.2.10.{pollable};
  wait: func(p: borrow<pollable>);
}

world w {
  import jobs;
}
`;
  const first = await run('section', text);
  const marker = first.after.split('\n').find((l) => l.includes('wasi-migrate(review): wasi:io `pollable` is still used here'))!;
  expect(marker).toBeDefined();
  expect(first.after).toContain(`  // The poll section.\n\n${marker}\n  use wasi:io/poll`);
  const above = first.after.replace(`${marker}\n`, '').replace('  // The poll section.', `${marker}\n  // The poll section.`);
  const second = await run('section-decided', above.replaceAll('wasi-migrate(review)', 'wasi-migrate(decided)'));
  expect(second.report.result!.reviews).toEqual([]);
  expect(second.report.remaining).toEqual([]);
});
