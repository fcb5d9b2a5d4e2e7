/** Review message templates (src/util/messages.ts): filling, and their SARIF format strings. */
import { fillMessage, placeholders, sarifArguments, sarifMessageString } from '../../src/util/messages.js';

const template = '`{{name}}` is `{{to}}` in 0.3.0 (use wasi:io/poll.{pollable}): {{note}}, again `{{name}}`';

it('fills each placeholder with its value, every time it appears', () => {
  expect(fillMessage(template, { name: 'instant', to: 'mark', note: 'renamed' })).toBe('`instant` is `mark` in 0.3.0 (use wasi:io/poll.{pollable}): renamed, again `instant`');
});

it('refuses a template whose placeholder has no value, naming it', () => {
  expect(() => fillMessage(template, { name: 'instant', to: 'mark' })).toThrow(/needs `note`/);
});

it('lists placeholders once, in order of first use', () => {
  expect(placeholders(template)).toEqual(['name', 'to', 'note']);
});

it('writes the template as a SARIF format string: positional placeholders, literal braces doubled', () => {
  expect(sarifMessageString(template)).toBe('`{0}` is `{1}` in 0.3.0 (use wasi:io/poll.{{pollable}}): {2}, again `{0}`');
  expect(sarifArguments(template, { name: 'instant', to: 'mark', note: 'renamed' })).toEqual(['instant', 'mark', 'renamed']);
});
