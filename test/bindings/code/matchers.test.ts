/**
 * The matchers that pick nodes on TypeScript's own tree before wrapping
 * (util.ts, wasi-imports.ts) stand in for ts-morph's own calls followed by a
 * filter: they must find the same nodes, in the same order. Checked on every
 * file of the transform cases (before and after) and on every source file
 * of the third-party code corpus.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Node, Project, SyntaxKind, type SourceFile } from 'ts-morph';
import { catalogue } from '../../../src/bindings/code/index.js';
import { caseFiles } from '../../../src/bindings/code/cases.js';
import { descendantsOfKind, identifiersNamed, importDeclarations, inWasiImplementation, methodCalls, methodOf, callOwner } from '../../../src/bindings/code/util.js';
import { WasiImports } from '../../../src/bindings/code/wasi-imports.js';
import { corpusPath } from '../../../src/util/corpus.js';

function corpusSources(root: string, out: [string, string][] = []): [string, string][] {
  for (const n of readdirSync(root).sort()) {
    const p = path.join(root, n);
    if (n === 'node_modules' || n.startsWith('.')) continue;
    if (statSync(p).isDirectory()) corpusSources(p, out);
    else if (/\.(?:[cm]?[jt]s|[jt]sx)$/.test(n) && !/\.d\.[cm]?ts$/.test(n)) out.push([p, readFileSync(p, 'utf8')]);
  }
  return out;
}

const texts: [string, string][] = [];
for (const t of catalogue) {
  for (const c of t.cases ?? []) {
    for (const side of [c.before, c.after]) {
      if (side === undefined) continue;
      for (const [name, text] of Object.entries(caseFiles(side))) if (/\.(?:[cm]?[jt]s|[jt]sx)$/.test(name)) texts.push([`${t.id}: ${c.name}: ${name}`, text]);
    }
  }
}
texts.push(...corpusSources(corpusPath('thirdparty', 'code')));

const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { allowJs: true } });
const files: [string, SourceFile][] = texts.map(([name, text], i) => [name, project.createSourceFile(`/f${i}${/\.tsx?$/.test(name) ? '.ts' : '.js'}`, text)]);

/** Nodes as kind and place: wrappers hold their whole tree, and the same node is the same wrapper anyway. */
const at = (ns: readonly Node[]) => ns.map((n) => `${n.getKindName()}@${n.getStart()}-${n.getEnd()}`);

const names = ['get', 'subscribe', 'consume', 'stream', 'finish', 'blockingRead', 'read', 'write', 'block', 'readDirectory'];

describe('matchers on TypeScript\'s tree find what ts-morph\'s calls and a filter find', () => {
  test('there are files to check', () => {
    expect(files.length).toBeGreaterThan(150);
  });

  test.each(files)('%s', (_name, sf) => {
    const calls = descendantsOfKind(sf, SyntaxKind.CallExpression);
    // Neither finds a call in a class implementing a WASI 0.2 type, nor \`methodCalls\` \`this.m()\` of the code's own method.
    const outside = calls.filter((c) => !inWasiImplementation(c.compilerNode, sf.compilerNode));
    expect(at(methodCalls(sf, names))).toEqual(at(outside.filter((c) => names.includes(methodOf(c)?.name ?? '') && callOwner(c) !== 'own')));
    expect(at(importDeclarations(sf))).toEqual(at(sf.getImportDeclarations()));
    const wasi = new WasiImports(sf);
    expect(at(wasi.callsWhere(sf, () => true))).toEqual(at(outside.filter((c) => wasi.callee(c) !== undefined)));
    const ids = sf.getDescendantsOfKind(SyntaxKind.Identifier);
    for (const name of new Set(ids.slice(0, 40).map((i) => i.getText()))) {
      expect(at(identifiersNamed(sf, name))).toEqual(at(ids.filter((i) => i.getText() === name)));
      for (const st of sf.getStatements().filter((s) => Node.isFunctionDeclaration(s) || Node.isVariableStatement(s))) {
        expect(at(identifiersNamed(st, name))).toEqual(at(st.getDescendantsOfKind(SyntaxKind.Identifier).filter((i) => i.getText() === name)));
      }
    }
  });
});
