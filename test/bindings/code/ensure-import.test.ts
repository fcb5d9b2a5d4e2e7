/**
 * `ensureImport` keeps the names a transform adds pending and writes them
 * with one edit per declaration; an edit of another kind in between (a
 * type-only import giving way to the value import) writes them first.
 */
import { Project } from 'ts-morph';
import { ensureImport, writePendingImports } from '../../../src/bindings/code/wasi-imports.js';

function file(text: string) {
  return new Project({ useInMemoryFileSystem: true }).createSourceFile('/guest.ts', text);
}

test('names asked for one after another go into the braces together, in order', () => {
  const sf = file("import { createTcpSocket } from 'wasi:sockets/tcp-create-socket@0.2.3';\n\nexport const s = createTcpSocket('ipv4');\n");
  expect(ensureImport(sf, 'wasi:sockets/types@0.3.0', 'TcpSocket')).toBe('TcpSocket');
  expect(ensureImport(sf, 'wasi:sockets/types@0.3.0', 'UdpSocket')).toBe('UdpSocket');
  expect(ensureImport(sf, 'wasi:sockets/types@0.3.0', 'TcpSocket')).toBe('TcpSocket');
  writePendingImports(sf);
  expect(sf.getFullText()).toBe("import { createTcpSocket, TcpSocket, UdpSocket } from 'wasi:sockets/tcp-create-socket@0.2.3';\n\nexport const s = createTcpSocket('ipv4');\n");
});

test('a type-only import that gives way while names are pending: both end up in the value import', () => {
  const sf = file(
    "import { createTcpSocket } from 'wasi:sockets/tcp-create-socket@0.2.3';\nimport type { TcpSocket } from 'wasi:sockets/tcp@0.2.3';\n\nexport const s: TcpSocket = createTcpSocket('ipv4');\n",
  );
  expect(ensureImport(sf, 'wasi:sockets/types@0.3.0', 'UdpSocket')).toBe('UdpSocket');
  expect(ensureImport(sf, 'wasi:sockets/types@0.3.0', 'TcpSocket')).toBe('TcpSocket');
  writePendingImports(sf);
  // (ts-morph's removal of the type import takes the blank line below it: bindings/specifiers puts it back.)
  expect(sf.getFullText()).toBe("import { createTcpSocket, UdpSocket, TcpSocket } from 'wasi:sockets/tcp-create-socket@0.2.3';\nexport const s: TcpSocket = createTcpSocket('ipv4');\n");
});
