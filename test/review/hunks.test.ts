/**
 * Provenance per hunk on hand-built reports (the tool-neutral model, as the
 * bindings command builds it): edits map to the hunk whose new-side lines
 * hold them; edits with no line and files with no edit fall back to the
 * file's rules; review items land on their hunk.
 */
import { allFileDiffs } from '../../src/review/hunks.js';
import type { ReviewReport, ReviewUnit } from '../../src/review/model.js';

const lines = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i + 1)).join('\n') + '\n';
const BEFORE = lines(40, (i) => `line ${i}`);
// Lines 5 and 30 change: far enough apart for two hunks with 3 lines of context.
const AFTER = lines(40, (i) => (i === 5 ? 'line five' : i === 30 ? 'line thirty' : `line ${i}`));

function report(unit: Partial<ReviewUnit>): ReviewReport {
  return {
    command: 'test',
    version: '0.0.0',
    rules: [
      { id: 'tool/a', summary: 'rule a does a', docs: 'A.', kind: 'mechanical' },
      { id: 'tool/b', summary: 'rule b does b', docs: 'B.', kind: 'needs-review' },
    ],
    units: [{ label: 'u', root: 'proj', kind: 'ts-project', changes: [{ path: 'f.ts', before: BEFORE, after: AFTER, rules: ['tool/a', 'tool/b'] }], edits: [], reviews: [], errors: [], warnings: [], ...unit }],
  };
}

test('each hunk names the rules whose edits fall in its new-side lines, one reason each', () => {
  const [f] = allFileDiffs(
    report({
      edits: [
        { rule: 'tool/b', file: 'f.ts', line: 30, note: 'thirty spelled out' },
        { rule: 'tool/a', file: 'f.ts', line: 5, note: 'five spelled out' },
        { rule: 'tool/a', file: 'f.ts', line: 5, note: 'five spelled out' },
      ],
    }),
  );
  expect(f!.shown).toBe('proj/f.ts');
  expect(f!.hunks).toHaveLength(2);
  expect(f!.hunks.map((h) => h.provenance)).toEqual([[{ rule: 'tool/a', why: 'five spelled out' }], [{ rule: 'tool/b', why: 'thirty spelled out' }]]);
  expect(f!.hunks[0]!.lines).toContain('-line 5');
  expect(f!.hunks[0]!.lines).toContain('+line five');
  expect(f!.hunks[1]!.newStart).toBeLessThanOrEqual(30);
});

test('an edit with no known line, or no edit at all, falls back to the file: its unplaced edits, then its rules with their summaries', () => {
  const [withUnplaced] = allFileDiffs(report({ edits: [{ rule: 'tool/b', file: 'f.ts', line: 0, note: 'whole-file rewrite' }] }));
  for (const h of withUnplaced!.hunks) expect(h.provenance).toEqual([{ rule: 'tool/b', why: 'whole-file rewrite' }]);
  const [bare] = allFileDiffs(report({}));
  for (const h of bare!.hunks) {
    expect(h.provenance).toEqual([
      { rule: 'tool/a', why: 'rule a does a' },
      { rule: 'tool/b', why: 'rule b does b' },
    ]);
    expect(h.rules).toEqual(['tool/a', 'tool/b']);
  }
});

test('review items join the hunk holding their line (or the nearest one) and add their rule with the reason', () => {
  const [f] = allFileDiffs(
    report({
      edits: [{ rule: 'tool/a', file: 'f.ts', line: 5, note: 'five' }],
      reviews: [
        { rule: 'tool/b', file: 'f.ts', line: 31, message: 'check thirty' },
        { rule: 'tool/b', file: 'f.ts', line: 200, message: 'past the end' },
      ],
    }),
  );
  expect(f!.hunks[0]!.reviews).toEqual([]);
  expect(f!.hunks[1]!.reviews.map((r) => r.message)).toEqual(['check thirty', 'past the end']);
  expect(f!.hunks[1]!.provenance).toEqual([
    { rule: 'tool/b', why: 'review marker: check thirty' },
    { rule: 'tool/b', why: 'review marker: past the end' },
  ]);
});

test('created and deleted files: one hunk each side, files in shown-path order across units', () => {
  const r = report({
    changes: [
      { path: 'z-new.ts', before: undefined, after: 'x\n', rules: ['tool/a'] },
      { path: 'a-gone.ts', before: 'y\n', after: undefined, rules: ['tool/a'] },
    ],
  });
  const files = allFileDiffs({ ...r, units: [...r.units, { ...r.units[0]!, root: '.', label: 'top' }] });
  expect(files.map((f) => [f.shown, f.status])).toEqual([
    ['a-gone.ts', 'deleted'],
    ['proj/a-gone.ts', 'deleted'],
    ['proj/z-new.ts', 'created'],
    ['z-new.ts', 'created'],
  ]);
  expect(files[0]!.hunks[0]!.lines).toEqual(['-y']);
  expect(files[2]!.hunks[0]!.lines).toEqual(['+x']);
});
