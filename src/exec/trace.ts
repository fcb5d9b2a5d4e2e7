/**
 * The observable trace of a run and how two traces are compared.
 *
 * What is observable is what a user of the component could see: bytes on
 * stdout/stderr, the exit code, files left in the filesystem, the HTTP
 * response (status, headers, body, trailers, how the body ended), requests
 * sent upstream, bytes sent to TCP peers. Chunk boundaries are not observable
 * (a 0.2 `blocking-write-and-flush` of 10 bytes and a 0.3 stream write of 2x5
 * are the same bytes), so output is cut into lines. Interleaving *between*
 * channels is not fixed by the semantics either (a 0.3 host drains stdout on
 * its own schedule), so events are grouped per channel, each channel in
 * order, and channels in a fixed order.
 */
import { byCodeUnit } from '../util/order.js';
export interface TraceEvent {
  /** Channel: 'stdout' | 'stderr' | 'exit' | 'http.request' | 'http.response' | 'tcp' | 'udp' | 'file' | 'verdict'. */
  ch: string;
  text: string;
  /** Virtual time in ms when recorded: shown, never compared. */
  atMs: number;
}

const CHANNEL_ORDER = ['verdict', 'exit', 'stdout', 'stderr', 'http.request', 'http.response', 'tcp', 'udp', 'file'];

export function canonical(events: TraceEvent[]): TraceEvent[] {
  const byCh = new Map<string, TraceEvent[]>();
  for (const e of events) {
    if (!byCh.has(e.ch)) byCh.set(e.ch, []);
    byCh.get(e.ch)!.push(e);
  }
  const chans = [...byCh.keys()].sort((a, b) => rank(a) - rank(b) || byCodeUnit(a, b));
  return chans.flatMap((c) => byCh.get(c)!);
}

function rank(ch: string): number {
  const i = CHANNEL_ORDER.indexOf(ch.split(' ')[0]);
  return i < 0 ? CHANNEL_ORDER.length : i;
}

/** Render bytes as text with escapes, so binary and whitespace differences show. */
export function showBytes(b: Uint8Array): string {
  let s = '';
  for (const c of b) {
    if (c === 0x0a) s += '\\n';
    else if (c === 0x5c) s += '\\\\';
    else if (c >= 0x20 && c < 0x7f) s += String.fromCharCode(c);
    else s += `\\x${c.toString(16).padStart(2, '0')}`;
  }
  return s;
}

/** Split a byte sequence into lines (each keeping its newline) as trace texts. */
export function lines(b: Uint8Array): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < b.length; i++) {
    if (b[i] === 0x0a) {
      out.push(showBytes(b.subarray(start, i + 1)));
      start = i + 1;
    }
  }
  if (start < b.length) out.push(showBytes(b.subarray(start)));
  return out;
}

export interface Divergence {
  index: number;
  left: TraceEvent | null;
  right: TraceEvent | null;
}

export function firstDivergence(a: TraceEvent[], b: TraceEvent[]): Divergence | null {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] ?? null;
    const y = b[i] ?? null;
    if (!x || !y || x.ch !== y.ch || x.text !== y.text) return { index: i, left: x, right: y };
  }
  return null;
}

/** Both traces side by side around event `at`, the divergent row marked. */
export function sideBySide(a: TraceEvent[], b: TraceEvent[], at: number, context = 3, labels = ['0.2', '0.3']): string {
  const fmt = (e: TraceEvent | undefined) => (e ? `${e.ch}: ${e.text}` : '(end of trace)');
  const lo = Math.max(0, at - context);
  const hi = Math.min(Math.max(a.length, b.length), at + context + 1);
  const rows: Array<[string, string, string]> = [];
  for (let i = lo; i < hi; i++) rows.push([i === at ? '>>' : '  ', fmt(a[i]), fmt(b[i])]);
  const w = Math.min(60, Math.max(labels[0].length, ...rows.map((r) => r[1].length)));
  const cut = (s: string) => (s.length > w ? s.slice(0, w - 1) + '…' : s.padEnd(w));
  const head = `     #  ${cut(labels[0])} | ${labels[1]}`;
  return [head, ...rows.map((r, k) => `${r[0]} ${String(lo + k).padStart(3)}  ${cut(r[1])} | ${r[2]}`)].join('\n');
}
