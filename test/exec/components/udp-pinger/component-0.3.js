// The UDP pinger's 0.3 port as a real component (componentize-qjs, async
// runtime). In its dialect each stream<u8> of a world gets its own constant:
// with sockets imported first, stdout's is wit.Stream.U8_2 (U8 panics with
// "stream cannot be transferred").
import sockets from 'wasi:sockets/types@0.3.0';
import stdout from 'wasi:cli/stdout@0.3.0';
import environment from 'wasi:cli/environment@0.3.0';

function utf8(s) {
  return new Uint8Array([...unescape(encodeURIComponent(s))].map((c) => c.charCodeAt(0)));
}
function text(b) {
  return decodeURIComponent(escape(String.fromCharCode(...b)));
}

export const run = {
  async run() {
    const port = Number(environment.getArguments()[1]);
    const peer = { tag: 'ipv4', val: { port, address: [127, 0, 0, 1] } };
    const socket = sockets.UdpSocket.create('ipv4');
    socket.bind({ tag: 'ipv4', val: { port: 0, address: [127, 0, 0, 1] } });
    socket.connect(peer);
    const lines = [];
    for (let i = 1; i <= 3; i++) {
      await socket.send(utf8(`ping ${i}`), null);
      const [data, from] = await socket.receive();
      lines.push(`reply "${text(data)}" from ${from.val.address.join('.')}${from.val.port === port ? ', the peer' : `:${from.val.port}`}\n`);
    }
    const out = wit.Stream.from(
      (async function* () {
        yield utf8(lines.join(''));
      })(),
      wit.Stream.U8_2,
    );
    await stdout.writeViaStream(out.readable).read();
  },
};
