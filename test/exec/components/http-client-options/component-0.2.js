// A 0.2 http client that sets request options, in jco's guest binding shapes
// as ComponentizeJS builds them (an err result is thrown as a ComponentError
// whose payload is the error: `e.payload ?? e`). It asks the upstream named
// by its first argument for /slow twice: without options, and with a 100 ms
// first-byte timeout.
import { Fields, OutgoingRequest, RequestOptions } from 'wasi:http/types@0.2.12';
import { handle } from 'wasi:http/outgoing-handler@0.2.12';
import { getStdout } from 'wasi:cli/stdout@0.2.12';
import { getArguments } from 'wasi:cli/environment@0.2.12';

const enc = new TextEncoder();
const dec = new TextDecoder();
const MS = 1000000n;

function fetchText(authority, path, firstByteMs) {
  const req = new OutgoingRequest(new Fields());
  req.setScheme({ tag: 'HTTP' });
  req.setAuthority(authority);
  req.setPathWithQuery(path);
  const options = new RequestOptions();
  if (firstByteMs) options.setFirstByteTimeout(BigInt(firstByteMs) * MS);
  const future = handle(req, options);
  future.subscribe().block();
  const got = future.get();
  if (got.val.tag === 'err') return `error ${got.val.val.tag}`;
  const input = got.val.val.consume().stream();
  let text = '';
  for (;;) {
    try {
      text += dec.decode(input.blockingRead(1024n));
    } catch (e) {
      const err = e.payload ?? e;
      return err.tag === 'closed' ? `"${text}"` : `"${text}" error ${err.tag}`;
    }
  }
}

export const run = {
  run() {
    const authority = getArguments()[1];
    for (const [what, ms] of [['none', 0], ['first-byte 100 ms', 100]]) {
      getStdout().blockingWriteAndFlush(enc.encode(`${what}: ${fetchText(authority, '/slow', ms)}\n`));
    }
  },
};
