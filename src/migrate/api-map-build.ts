/**
 * Builds rules/wasi-api-map.ts: one entry per item of every WASI 0.2
 * release in the corpus (0.2.12 holds every item of the earlier ones), saying
 * what it became in 0.3.0. The decisions are the tables below (read off the
 * 0.2.12 and 0.3.0 packages side by side); items whose counterpart has the
 * same name after their interface's move are paired by name. The build fails
 * when an item has no decision. Run: node dist/src/migrate/api-map-build.js <corpus/wasi>
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { enumerateDir } from './enumerate.js';
import type { ItemKind, MapEntry } from '../../rules/api-map-entry.js';
import { corpusPath } from '../util/corpus.js';
import { byCodeUnit } from '../util/order.js';


const IFACE_MOVES: Record<string, string> = {
  'wasi:clocks/wall-clock': 'wasi:clocks/system-clock',
  'wasi:http/incoming-handler': 'wasi:http/handler',
  'wasi:http/outgoing-handler': 'wasi:http/client',
  'wasi:http/proxy': 'wasi:http/service',
  'wasi:sockets/network': 'wasi:sockets/types',
  'wasi:sockets/tcp': 'wasi:sockets/types',
  'wasi:sockets/udp': 'wasi:sockets/types',
  'wasi:sockets/tcp-create-socket': 'wasi:sockets/types',
  'wasi:sockets/udp-create-socket': 'wasi:sockets/types',
};

const IO = 'wasi:io is gone in 0.3';
const R = (to: string, note?: string) => ({ to, note });
const X = (note: string) => ({ note });

/** Explicit decisions: a target key, or a removal note. */
const DECISIONS: Record<string, { to?: string; note?: string }> = {
  'wasi:cli/environment.initial-cwd': R('wasi:cli/environment.get-initial-cwd'),
  'wasi:cli/stdin.get-stdin': R('wasi:cli/stdin.read-via-stream', 'returns tuple<stream<u8>, future<result<_, error-code>>>'),
  'wasi:cli/stdout.get-stdout': R('wasi:cli/stdout.write-via-stream', 'takes data: stream<u8>, returns future<result<_, error-code>>'),
  'wasi:cli/stderr.get-stderr': R('wasi:cli/stderr.write-via-stream', 'takes data: stream<u8>, returns future<result<_, error-code>>'),
  'wasi:clocks/monotonic-clock.duration': R('wasi:clocks/types.duration', 'moved to the new wasi:clocks/types interface'),
  'wasi:clocks/monotonic-clock.instant': R('wasi:clocks/monotonic-clock.mark'),
  'wasi:clocks/monotonic-clock.resolution': R('wasi:clocks/monotonic-clock.get-resolution'),
  'wasi:clocks/monotonic-clock.subscribe-duration': R('wasi:clocks/monotonic-clock.wait-for', 'async func, no pollable'),
  'wasi:clocks/monotonic-clock.subscribe-instant': R('wasi:clocks/monotonic-clock.wait-until', 'async func, no pollable'),
  'wasi:clocks/timezone.display': X('replaced by timezone.iana-id and timezone.utc-offset'),
  'wasi:clocks/timezone.timezone-display': X('replaced by timezone.iana-id and timezone.utc-offset'),
  'wasi:clocks/wall-clock.datetime': R('wasi:clocks/system-clock.instant', 'seconds became s64'),
  'wasi:clocks/wall-clock.resolution': R('wasi:clocks/system-clock.get-resolution', 'returns a duration'),
  'wasi:filesystem/types.descriptor.read': X('use descriptor.read-via-stream'),
  'wasi:filesystem/types.descriptor.write': X('use descriptor.write-via-stream'),
  'wasi:filesystem/types.directory-entry-stream': X('descriptor.read-directory returns stream<directory-entry>'),
  'wasi:filesystem/types.directory-entry-stream.read-directory-entry': X('read the stream<directory-entry> from descriptor.read-directory'),
  'wasi:filesystem/types.filesystem-error-code': X('wasi:io errors are gone: stream outcomes carry error-code'),
  'wasi:http/imports': X('0.3.0 has no imports world: include wasi:http/service, or import wasi:http/client'),
  'wasi:http/types.field-key': R('wasi:http/types.field-name', 'field-key was deprecated since 0.2.2'),
  'wasi:http/types.fields.entries': R('wasi:http/types.fields.copy-all'),
  'wasi:http/types.future-incoming-response': X('client.send is an async func returning the response'),
  'wasi:http/types.future-incoming-response.get': X('client.send is an async func returning the response'),
  'wasi:http/types.future-incoming-response.subscribe': X('client.send is an async func returning the response'),
  'wasi:http/types.future-trailers': X('trailers arrive as future<result<option<trailers>, error-code>> from consume-body'),
  'wasi:http/types.future-trailers.get': X('trailers arrive as a future from consume-body'),
  'wasi:http/types.future-trailers.subscribe': X('trailers arrive as a future from consume-body'),
  'wasi:http/types.http-error-code': X('wasi:io errors are gone'),
  'wasi:http/types.incoming-body': X('request/response.consume-body returns stream<u8> and a trailers future'),
  'wasi:http/types.incoming-body.finish': X('the trailers future of consume-body'),
  'wasi:http/types.incoming-body.stream': X('the stream<u8> of consume-body'),
  'wasi:http/types.incoming-request': R('wasi:http/types.request', 'one request resource for both directions'),
  'wasi:http/types.incoming-request.authority': R('wasi:http/types.request.get-authority'),
  'wasi:http/types.incoming-request.consume': R('wasi:http/types.request.consume-body', 'static, returns stream<u8> and a trailers future'),
  'wasi:http/types.incoming-request.headers': R('wasi:http/types.request.get-headers'),
  'wasi:http/types.incoming-request.method': R('wasi:http/types.request.get-method'),
  'wasi:http/types.incoming-request.path-with-query': R('wasi:http/types.request.get-path-with-query'),
  'wasi:http/types.incoming-request.scheme': R('wasi:http/types.request.get-scheme'),
  'wasi:http/types.incoming-response': R('wasi:http/types.response', 'one response resource for both directions'),
  'wasi:http/types.incoming-response.consume': R('wasi:http/types.response.consume-body', 'static, returns stream<u8> and a trailers future'),
  'wasi:http/types.incoming-response.headers': R('wasi:http/types.response.get-headers'),
  'wasi:http/types.incoming-response.status': R('wasi:http/types.response.get-status-code'),
  'wasi:http/types.outgoing-body': X('pass contents: option<stream<u8>> and a trailers future to request.new/response.new'),
  'wasi:http/types.outgoing-body.finish': X('the trailers future passed to request.new/response.new'),
  'wasi:http/types.outgoing-body.write': X('the contents stream passed to request.new/response.new'),
  'wasi:http/types.outgoing-request': R('wasi:http/types.request', 'one request resource for both directions'),
  'wasi:http/types.outgoing-request.authority': R('wasi:http/types.request.get-authority'),
  'wasi:http/types.outgoing-request.body': X('contents are passed to request.new'),
  'wasi:http/types.outgoing-request.constructor': R('wasi:http/types.request.new', 'static new(headers, contents, trailers, options)'),
  'wasi:http/types.outgoing-request.headers': R('wasi:http/types.request.get-headers'),
  'wasi:http/types.outgoing-request.method': R('wasi:http/types.request.get-method'),
  'wasi:http/types.outgoing-request.path-with-query': R('wasi:http/types.request.get-path-with-query'),
  'wasi:http/types.outgoing-request.scheme': R('wasi:http/types.request.get-scheme'),
  'wasi:http/types.outgoing-request.set-authority': R('wasi:http/types.request.set-authority'),
  'wasi:http/types.outgoing-request.set-method': R('wasi:http/types.request.set-method'),
  'wasi:http/types.outgoing-request.set-path-with-query': R('wasi:http/types.request.set-path-with-query'),
  'wasi:http/types.outgoing-request.set-scheme': R('wasi:http/types.request.set-scheme'),
  'wasi:http/types.outgoing-response': R('wasi:http/types.response', 'one response resource for both directions'),
  'wasi:http/types.outgoing-response.body': X('contents are passed to response.new'),
  'wasi:http/types.outgoing-response.constructor': R('wasi:http/types.response.new', 'static new(headers, contents, trailers)'),
  'wasi:http/types.outgoing-response.headers': R('wasi:http/types.response.get-headers'),
  'wasi:http/types.outgoing-response.set-status-code': R('wasi:http/types.response.set-status-code'),
  'wasi:http/types.outgoing-response.status-code': R('wasi:http/types.response.get-status-code'),
  'wasi:http/types.request-options.between-bytes-timeout': R('wasi:http/types.request-options.get-between-bytes-timeout'),
  'wasi:http/types.request-options.connect-timeout': R('wasi:http/types.request-options.get-connect-timeout'),
  'wasi:http/types.request-options.first-byte-timeout': R('wasi:http/types.request-options.get-first-byte-timeout'),
  'wasi:http/types.response-outparam': X('handler.handle returns the response'),
  'wasi:http/types.response-outparam.send-informational': X('no 0.3.0 counterpart'),
  'wasi:http/types.response-outparam.set': X('handler.handle returns result<response, error-code>'),
  'wasi:http/outgoing-handler.handle': R('wasi:http/client.send', 'async func(request) -> result<response, error-code>'),
  'wasi:random/insecure-seed.insecure-seed': R('wasi:random/insecure-seed.get-insecure-seed'),
  'wasi:sockets/instance-network': X('0.3.0 has no network resource: sockets need no network handle'),
  'wasi:sockets/instance-network.instance-network': X('0.3.0 has no network resource'),
  'wasi:sockets/ip-name-lookup.resolve-address-stream': X('resolve-addresses is an async func returning list<ip-address>'),
  'wasi:sockets/ip-name-lookup.resolve-address-stream.resolve-next-address': X('resolve-addresses returns the whole list'),
  'wasi:sockets/ip-name-lookup.resolve-address-stream.subscribe': X(IO),
  'wasi:sockets/network.network': X('0.3.0 has no network resource'),
  'wasi:sockets/network.network-error-code': X('wasi:io errors are gone'),
  'wasi:sockets/tcp-create-socket.create-tcp-socket': R('wasi:sockets/types.tcp-socket.create', 'static func on tcp-socket'),
  'wasi:sockets/udp-create-socket.create-udp-socket': R('wasi:sockets/types.udp-socket.create', 'static func on udp-socket'),
  'wasi:sockets/tcp.shutdown-type': X('drop the send/receive streams instead'),
  'wasi:sockets/tcp.tcp-socket.accept': X('listen returns stream<tcp-socket>'),
  'wasi:sockets/tcp.tcp-socket.finish-bind': R('wasi:sockets/types.tcp-socket.bind', 'start/finish folded; bind is a plain func'),
  'wasi:sockets/tcp.tcp-socket.start-bind': R('wasi:sockets/types.tcp-socket.bind', 'start/finish folded; bind is a plain func'),
  'wasi:sockets/tcp.tcp-socket.finish-connect': R('wasi:sockets/types.tcp-socket.connect', 'async func; data via send/receive'),
  'wasi:sockets/tcp.tcp-socket.start-connect': R('wasi:sockets/types.tcp-socket.connect', 'async func; data via send/receive'),
  'wasi:sockets/tcp.tcp-socket.finish-listen': R('wasi:sockets/types.tcp-socket.listen', 'returns stream<tcp-socket>'),
  'wasi:sockets/tcp.tcp-socket.start-listen': R('wasi:sockets/types.tcp-socket.listen', 'returns stream<tcp-socket>'),
  'wasi:sockets/tcp.tcp-socket.shutdown': X('drop the send/receive streams instead'),
  'wasi:sockets/tcp.tcp-socket.subscribe': X(IO),
  'wasi:sockets/udp.incoming-datagram': X('udp-socket.receive returns tuple<list<u8>, ip-socket-address>'),
  'wasi:sockets/udp.incoming-datagram-stream': X('udp-socket.receive is an async func'),
  'wasi:sockets/udp.incoming-datagram-stream.receive': R('wasi:sockets/types.udp-socket.receive', 'one datagram per async call'),
  'wasi:sockets/udp.incoming-datagram-stream.subscribe': X(IO),
  'wasi:sockets/udp.outgoing-datagram': X('udp-socket.send takes data and an optional address'),
  'wasi:sockets/udp.outgoing-datagram-stream': X('udp-socket.send is an async func'),
  'wasi:sockets/udp.outgoing-datagram-stream.check-send': X('udp-socket.send waits itself'),
  'wasi:sockets/udp.outgoing-datagram-stream.send': R('wasi:sockets/types.udp-socket.send', 'one datagram per async call'),
  'wasi:sockets/udp.outgoing-datagram-stream.subscribe': X(IO),
  'wasi:sockets/udp.udp-socket.finish-bind': R('wasi:sockets/types.udp-socket.bind', 'plain func'),
  'wasi:sockets/udp.udp-socket.start-bind': R('wasi:sockets/types.udp-socket.bind', 'plain func'),
  'wasi:sockets/udp.udp-socket.stream': R('wasi:sockets/types.udp-socket.connect', 'connect/disconnect, then send/receive'),
  'wasi:sockets/udp.udp-socket.subscribe': X(IO),
};

export function buildMap(corpus: string): Record<string, MapEntry> {
  const v02 = ['0.2.0', '0.2.3', '0.2.6', '0.2.12'];
  const pkgs = ['cli', 'clocks', 'filesystem', 'http', 'io', 'random', 'sockets'];
  const items = new Map<string, ItemKind>();
  for (const v of v02) for (const p of pkgs) for (const i of enumerateDir(path.join(corpus, v, p))) items.set(i.key, i.kind);
  const targets = new Set<string>();
  for (const p of pkgs.filter((x) => x !== 'io')) for (const i of enumerateDir(path.join(corpus, '0.3.0', p))) targets.add(i.key);
  const out: Record<string, MapEntry> = {};
  const missing: string[] = [];
  for (const [key, kind] of [...items].sort(([a], [b]) => byCodeUnit(a, b))) {
    const d = DECISIONS[key];
    if (d) {
      out[key] = d.to ? { kind, status: d.to.split(/[/.]/).slice(-1)[0] === key.split(/[/.]/).slice(-1)[0] ? 'moved' : 'renamed', to: d.to, ...(d.note ? { note: d.note } : {}) } : { kind, status: 'removed', note: d.note! };
      continue;
    }
    if (key.startsWith('wasi:io/')) {
      out[key] = { kind, status: 'removed', note: ioNote(key) };
      continue;
    }
    const [iface, ...rest] = key.split('.');
    const movedIface = IFACE_MOVES[iface!] ?? iface!;
    const cand = [movedIface, ...rest].join('.');
    const getter = rest.length ? [movedIface, ...rest.slice(0, -1), `get-${rest[rest.length - 1]}`].join('.') : undefined;
    if (targets.has(cand)) out[key] = cand === key ? { kind, status: 'same' } : { kind, status: 'moved', to: cand };
    else if (getter && targets.has(getter)) out[key] = { kind, status: 'renamed', to: getter };
    else missing.push(key);
  }
  if (missing.length) throw new Error(`no decision for:\n${missing.join('\n')}`);
  return out;
}

function ioNote(key: string): string {
  if (key.includes('pollable') || key.endsWith('/poll') || key.endsWith('.poll')) return 'pollables are gone: async funcs suspend, the host owns the event loop';
  if (key.includes('input-stream')) return 'stream<u8> plus future<result<_, error-code>> for the outcome';
  if (key.includes('output-stream')) return 'pass data: stream<u8>, get future<result<_, error-code>>';
  if (key.includes('error')) return "the interface's own error-code, or error-context";
  return IO;
}

if (process.argv[1] && /api-map-build\.js$/.test(process.argv[1])) {
  const corpus = process.argv[2] ?? corpusPath('wasi');
  const map = buildMap(corpus);
  const file = path.resolve('rules/wasi-api-map.ts');
  const body = Object.entries(map).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)},`).join('\n');
  writeFileSync(file, `/**\n * WASI API map (generated by src/migrate/api-map-build.ts from the decisions there; do not edit by hand):\n * every interface, world, type, resource and function of WASI 0.2.0-0.2.12, and what it became in 0.3.0.\n */\nimport type { MapEntry } from './api-map-entry.js';\n\nexport const WASI_API_MAP: Readonly<Record<string, MapEntry>> = {\n${body}\n};\n`);
  console.log(`wrote ${Object.keys(map).length} entries to ${file}`);
}
