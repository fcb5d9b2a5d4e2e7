// A UDP pinger as a real 0.2 component (componentize-qjs --sync; its dialect:
// default-import interfaces, u64 as number, option as null, no TextEncoder).
// It sends three datagrams to the peer on loopback whose port is its first
// argument, each after the reply to the one before, and prints the replies.
import instanceNetwork from 'wasi:sockets/instance-network@0.2.12';
import udpCreate from 'wasi:sockets/udp-create-socket@0.2.12';
import clock from 'wasi:clocks/monotonic-clock@0.2.12';
import io from 'wasi:io/poll@0.2.12';
import stdout from 'wasi:cli/stdout@0.2.12';
import environment from 'wasi:cli/environment@0.2.12';

function utf8(s) {
  return new Uint8Array([...unescape(encodeURIComponent(s))].map((c) => c.charCodeAt(0)));
}
function text(b) {
  return decodeURIComponent(escape(String.fromCharCode(...b)));
}

export const run = {
  run() {
    const port = Number(environment.getArguments()[1]);
    const peer = { tag: 'ipv4', val: { port, address: [127, 0, 0, 1] } };
    const out = stdout.getStdout();
    const socket = udpCreate.createUdpSocket('ipv4');
    socket.startBind(instanceNetwork.instanceNetwork(), { tag: 'ipv4', val: { port: 0, address: [127, 0, 0, 1] } });
    socket.subscribe().block();
    socket.finishBind();
    const [incoming, outgoing] = socket.stream(peer);
    for (let i = 1; i <= 3; i++) {
      outgoing.subscribe().block();
      outgoing.checkSend();
      outgoing.send([{ data: utf8(`ping ${i}`), remoteAddress: null }]);
      // A reply comes at once on loopback: the 5 s deadline only keeps a lost one from hanging the run.
      // Readiness may come before a datagram does (preview2-shim's pollable for UDP is ready at once), so
      // receive until one comes or the deadline passes.
      const deadline = clock.subscribeDuration(5000000000);
      let d;
      while (!d && !deadline.ready()) {
        io.poll([incoming.subscribe(), deadline]);
        d = incoming.receive(1)[0];
      }
      if (!d) {
        out.blockingWriteAndFlush(utf8(`ping ${i}: no reply\n`));
        continue;
      }
      const from = d.remoteAddress.val;
      out.blockingWriteAndFlush(utf8(`reply "${text(d.data)}" from ${from.address.join('.')}${from.port === port ? ', the peer' : `:${from.port}`}\n`));
    }
  },
};
