// A 0.2 http client that sets request options, in jco's guest binding shapes.
// ComponentizeJS builds it into a real component; test/exec/http-options
// runs the same source as a JS guest. ComponentizeJS throws an err result as
// a ComponentError whose payload is the error, preview2-shim's shape throws
// the error itself: `e.payload ?? e` reads both. It asks the upstream named by
// its first argument for /slow three times: without options, with a 100 ms
// first-byte timeout, with a 250 ms between-bytes timeout, and prints the
// timeouts it reads back and what came.
import { Fields, OutgoingRequest, RequestOptions, httpErrorCode } from 'wasi:http/types@0.2.12';
import { handle } from 'wasi:http/outgoing-handler@0.2.12';
import { getStdout } from 'wasi:cli/stdout@0.2.12';
import { getArguments } from 'wasi:cli/environment@0.2.12';

const enc = new TextEncoder();
const dec = new TextDecoder();
const MS = 1000000n;

function fetchText(authority, firstByteMs, betweenBytesMs) {
  const req = new OutgoingRequest(new Fields());
  req.setScheme({ tag: 'HTTP' });
  req.setAuthority(authority);
  req.setPathWithQuery('/slow');
  const options = new RequestOptions();
  if (firstByteMs) options.setFirstByteTimeout(BigInt(firstByteMs) * MS);
  if (betweenBytesMs) options.setBetweenBytesTimeout(BigInt(betweenBytesMs) * MS);
  const seen = [options.firstByteTimeout(), options.betweenBytesTimeout()].map((d) => (d === undefined ? '-' : String(d / MS))).join('/');
  const future = handle(req, options);
  future.subscribe().block();
  const got = future.get();
  if (got.val.tag === 'err') return `${seen} error ${got.val.val.tag}`;
  const input = got.val.val.consume().stream();
  let text = '';
  for (;;) {
    try {
      text += dec.decode(input.blockingRead(1024n));
    } catch (e) {
      const err = e.payload ?? e;
      if (err.tag === 'closed') return `${seen} "${text}"`;
      return `${seen} "${text}" error ${httpErrorCode(err.val)?.tag}`;
    }
  }
}

export const run = {
  run() {
    const authority = getArguments()[1];
    for (const [what, fb, bb] of [['none', 0, 0], ['first-byte 100 ms', 100, 0], ['between-bytes 250 ms', 0, 250]]) {
      getStdout().blockingWriteAndFlush(enc.encode(`${what}: ${fetchText(authority, fb, bb)}\n`));
    }
  },
};
