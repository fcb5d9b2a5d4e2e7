/**
 * Review messages with stable ids, in the manner of typescript-eslint's
 * `meta.messages`: a rule declares each message it can raise once, as a
 * template under an id (`noTwin: '`{{name}}` has no non-blocking twin ...'`),
 * and each review names the id and the data that fills the template. The id
 * stays when the wording changes, so tests, SARIF consumers and suppressions
 * can name a message without matching its text.
 */

/** A rule's messages: id → template; `{{key}}` is replaced by the review's `data[key]`. */
export type Messages = Readonly<Record<string, string>>;

/** The values that fill a template's placeholders. */
export type MessageData = Readonly<Record<string, string | number>>;

const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w]*)\s*\}\}/g;

/** The placeholder keys of a template, each once, in order of first use. */
export function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

/**
 * The template filled with `data`. A placeholder without a value is a bug in
 * the rule that raised it, not something to print: it throws.
 */
export function fillMessage(template: string, data: MessageData = {}): string {
  return template.replace(PLACEHOLDER, (_, key: string) => {
    const value = data[key];
    if (value === undefined) throw new Error(`message template needs \`${key}\`: ${template}`);
    return String(value);
  });
}

/**
 * The template as a SARIF 2.1.0 message format string: placeholders become
 * `{0}`, `{1}`, ... in `placeholders` order, and literal braces are doubled.
 */
export function sarifMessageString(template: string): string {
  const keys = placeholders(template);
  let out = '';
  let last = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    out += template.slice(last, m.index).replace(/[{}]/g, (b) => b + b) + `{${keys.indexOf(m[1]!)}}`;
    last = m.index! + m[0].length;
  }
  return out + template.slice(last).replace(/[{}]/g, (b) => b + b);
}

/** The SARIF arguments of a review: its data in `placeholders(template)` order. */
export function sarifArguments(template: string, data: MessageData = {}): string[] {
  return placeholders(template).map((k) => String(data[k] ?? ''));
}

/**
 * The template as a pattern the whole of a filled message matches (the
 * inverse of fillMessage), with what fills each placeholder: a placeholder
 * used twice must be filled alike. `literal` is the length of the template's
 * own text: of two templates a message fills, the one with more is the
 * closer match (`{{name}}` alone fills anything).
 */
export function messagePattern(template: string): { match(message: string): Record<string, string> | undefined; literal: number } {
  const keys = placeholders(template);
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const seen = new Set<string>();
  let source = '';
  let last = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    const k = m[1]!;
    source += escape(template.slice(last, m.index)) + (seen.has(k) ? `\\k<${k}>` : `(?<${k}>.+?)`);
    seen.add(k);
    last = m.index! + m[0].length;
  }
  const re = new RegExp(`^${source}${escape(template.slice(last))}$`);
  return {
    match(message) {
      const m = re.exec(message);
      return m ? Object.fromEntries(keys.map((k) => [k, m.groups![k]!])) : undefined;
    },
    literal: template.replace(PLACEHOLDER, '').length,
  };
}
