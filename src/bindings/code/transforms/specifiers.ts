import { Node, SyntaxKind, ts, type ExportDeclaration, type ImportDeclaration, type ImportSpecifier, type ImportTypeNode, type SourceFile } from 'ts-morph';
import type { MessageData } from '../../../util/messages.js';
import { WASI_API_MAP } from '../../../../rules/wasi-api-map.js';
import { releasedIn03 } from '../../../wit/official.js';
import type { CodeTransform, FileContext } from '../types.js';
import { WASI_SPEC, apiEntry, declaredIn, functionUsedIndirectly, ifaceIn03, isReferenced, namespaceHandedOn, namespaceOf, usedAtStart } from '../wasi-imports.js';
import { camel, kebab, descendantsWhere, importDeclarations, NEXT_LINE_DIRECTIVE, replaceInPlace, statementIn } from '../util.js';
import { directEditor, importsAsText, NotAsText, textEditor, type ImportEditor } from '../import-edits.js';
import { libraryHandlers } from './http-handler.js';
import { JS_EXPORT_OF } from '../world-exports.js';
import { official02Of, usedIn03 } from '../official-02.js';

const docs = `
Every \`wasi:<pkg>/<iface>@0.2.x\` import specifier points at \`@0.3.0\`, and
at the interface's new name where the WASI API map (\`rules/wasi-api-map.ts\`,
the same map the WIT rules use) says it moved (\`wasi:clocks/wall-clock\` ->
\`wasi:clocks/system-clock\`, \`wasi:http/outgoing-handler\` ->
\`wasi:http/client\`). Functions the map renames within their interface are
renamed at the import and at every use in the file
(\`resolution\` -> \`getResolution\`); where the file gives the name on, a
shorthand property or an export without an alias, that name stays
(\`{ resolution: getResolution }\`, \`export { getResolution as resolution }\`).

Names the earlier transforms stopped using (\`poll\`, \`OutgoingBody\`,
\`ResponseOutparam\`) are dropped, and so are imports left empty (all of
\`wasi:io\`). A name the map says is gone in 0.3 but that the code still uses
stays, with a review marker saying what replaced it (not a type moved to
another interface that the old one takes back with \`use\` in 0.3, as
monotonic-clock's \`Duration\`: jco still exports it there). Two imports of the same
0.3 specifier are merged (two \`import type\` lines into one, still type-only;
a type-only import and a value import stay apart; so does an import with a
review marker, which speaks of its own names, or another comment above it).
An interface the map does not know keeps its import as it was, with a review
marker: a misspelt name of a package 0.3.0
releases (\`wasi:http/incoming-hander\`), or a proposal with no 0.3.0
release (\`wasi:keyvalue\`: nothing to move it to, whatever its version,
\`wasi:blobstore/types\` with none too; as the WIT's wasi-references rule
says, by src/wit/official.ts's \`releasedIn03\`).
So does a release candidate of a WASI 0.2 interface
(\`wasi:http/types@0.2.0-rc-2023-11-05\`), whose API changed before 0.2.0,
and an import with no version of a package 0.3.0 releases
(\`wasi:cli/stdout\`): jco's bindings are versioned, and which WASI the
code is written against cannot be told (\`noVersion\`).
An import of a package's build for WASI 0.2, by a \`wasi/0.2.x\` (or
\`wasi/0.2.6\`) folder in its path (jco-std's hono middlewares), is reported,
also in a file that imports nothing from WASI: the library calls WASI 0.2
inside it, which the port cannot reach.
A re-export of a WASI 0.2 interface (\`export { Fields } from ...\`,
\`export * from ...\`) points at \`@0.3.0\` too, in a file that imports
nothing from WASI as well: a name renamed within the interface is re-exported
from its 0.3 name under the module's (\`export { getResolution as resolution }\`),
one gone or reshaped is reported, and so is \`export *\` of an interface
whose names 0.3 changed. An \`import('wasi:...@0.2.x')\` type
(\`typeof import('wasi:http/incoming-handler@0.2.3')\`) points at the interface's
0.3.0 name as an import does, the name it reads renamed or reported likewise,
in a file that imports nothing from WASI as well. A namespace import handed on whole
(\`createNet({ tcpCreateSocket })\`) where 0.3 changed names of its
interface is reported there: what receives it is not followed; so is one whose
own names 0.3 kept but whose functions give resources of an interface 0.3
changed (wasi:filesystem/preopens, giving types' \`Descriptor\`), and a function
imported by name or read off a namespace, handed on rather than called
(\`makeFs({ getDirectories })\`, \`getDirectories.bind(null)\`) or called through
\`.call\`/\`.apply\`, whose result gives such resources. Code that
implements a 0.2 interface rather than calling it (a virtual filesystem's
\`class Descriptor implements WasiDescriptor\`, an object written
\`satisfies typeof types\`) is reported at the class or object: the
transforms port calls, not implementations, and leave the body of such a
class (and of a class of the file extending it) as it is.
`;

/** Its review messages by stable id (src/util/messages.ts). */
const messages = {
  defaultImport: 'a WASI interface read as its module\'s default export ({{imports}}), as componentize-qjs guests import it: jco\'s bindings have no default export, and the port writes jco\'s 0.3 shapes (`stream<u8>` as an `AsyncIterable<number>`, results as `{ tag, val }`), where componentize-qjs has its own (results thrown, `stream<u8>` as `Uint8Array` chunks): check each ported call against the 0.3 bindings of the toolchain that builds this component',
  gone: '`{{name}}` of {{iface}} is gone in WASI 0.3 ({{note}}): the code still uses it',
  goneUnexplained: '`{{name}}` of {{iface}} is gone in WASI 0.3: the code still uses it',
  became: '`{{name}}` of {{iface}} became {{to}}: the code still imports the 0.2 name, which 0.3 does not export; import the 0.3 one',
  becameWithNote: '`{{name}}` of {{iface}} became {{to}} ({{note}}): the code still uses the 0.2 shape',
  interfaceGone: '{{iface}} is gone in WASI 0.3 ({{note}})',
  interfaceGoneUnexplained: '{{iface}} is gone in WASI 0.3',
  preRelease: '`{{iface}}@{{version}}` is a pre-release of WASI 0.2, which the rewriter does not port (it ports the 0.2.x releases): the import is left as it is; move it to a 0.2 release (its API changed before 0.2.0), or port it by hand',
  candidate03: '`{{iface}}@{{version}}` is a release candidate of WASI 0.3: the WIT moves its references to 0.3.0 (rule release-candidates), so jco\'s bindings for the migrated world have `{{iface}}@0.3.0`, not this; the import is left as it is: move it to `@0.3.0` by hand, with what the final release changed in what it uses',
  library02: '{{from}} is a build of its library for WASI {{version}} ({{names}}: made for WASI 0.2, calling it inside the library), while the port moves the component to WASI 0.3: import the library\'s 0.3 build, if it has one, or port this by hand',
  reexportAll: '`export *` of {{iface}} hands on every name of the interface, and WASI 0.3 changed some of them ({{names}}): code that imports them from this module gets the 0.3 ones; port it by hand',
  namespaceHandedOn: '`{{ns}}` (all of {{iface}}) is handed on whole here, and WASI 0.3 changed names of it ({{names}}): what receives it calls them as 0.2 gave them, which the rewriter does not follow; port that code by hand',
  namespaceGivesChanged: '`{{ns}}` (all of {{iface}}) is handed on whole here, and what it gives ({{resources}} of {{of}}) WASI 0.3 changed (methods async, some renamed or gone): what receives it calls them as 0.2 gave them, which the rewriter does not follow; port that code by hand',
  functionCalledIndirectly: '`{{name}}` of {{iface}} is called through `.{{how}}(...)` here, which the rewriter does not take for a call of it, and what it gives ({{resources}} of {{of}}) WASI 0.3 changed (methods async, some renamed or gone): the code that uses it is left as 0.2 wrote it; call it directly (`{{name}}()`), or port that code by hand',
  functionGivesChanged: '`{{name}}` of {{iface}} is handed on here (not called), and what it gives ({{resources}} of {{of}}) WASI 0.3 changed (methods async, some renamed or gone): what receives it calls them as 0.2 gave them, which the rewriter does not follow; port that code by hand',
  notInMap: '`{{iface}}` is no WASI 0.2 interface the WASI API map knows (a misspelt name?): the import is left at {{version}}; port it by hand',
  implementedHere: '`{{name}}` implements {{what}} of {{iface}} (this code provides the interface, as a host or a virtualization does, rather than calling it), and WASI 0.3 changed that interface ({{names}}; its functions async, streams and futures where 0.2 had stream and pollable resources): the rewriter ports calls, not implementations; implement the 0.3 interface by hand, or keep this code at 0.2',
  noVersion: '`{{spec}}` names no version, and jco\'s WASI bindings are versioned (`{{spec}}@0.2.x`, `{{spec}}@0.3.0`): this import resolves to neither, and the port cannot tell which WASI the code is written against, so it leaves the code; write the version the component\'s WIT imports (a 0.2 one, then run the port again)',
  noRelease: '`{{spec}}`: wasi:{{name}} has no 0.3.0 release, so there is nothing to move it to: the import is left as it is; keep it (and mark it `// wasi-migrate(decided): why`) or drop it',
} as const;

/** The module a case hands preopens to (no WASI in it: a file system polyfill calling descriptors as 0.2 gave them). */
const POLYFILL = `export function makeFs(wasi) {
  return {
    readFileSync(path) {
      const [[root]] = wasi.preopens.getDirectories();
      return root.openAt({}, path, {}, { read: true }).read(1024n, 0n)[0];
    },
  };
}
`;

/** The module a case hands preopens' \`getDirectories\` to (no WASI in it). */
const DIRS_POLYFILL = `export function makeFs({ getDirectories }) {
  return { readFileSync: (path) => getDirectories()[0][0].openAt({}, path, {}, { read: true }).read(1024n, 0n)[0] };
}
`;

/** The module a case hands its namespaces to (no WASI in it). */
const LOGGER = `export function makeLogger(io) {
  return (line) => io.stdout.getStdout().blockingWriteAndFlush(new TextEncoder().encode(line));
}
`;

function apply(ctx: FileContext): void {
  implementations(ctx);
  // The declarations' edits as text, applied at once (import-edits.ts); through ts-morph one by one where they cannot be.
  if (importsAsText(ctx.file)) {
    try {
      return editImports(ctx, textEditor(ctx.file, ctx));
    } catch (e) {
      if (!(e instanceof NotAsText)) throw e;
    }
  }
  editImports(ctx, directEditor(ctx));
}

function editImports(ctx: FileContext, editor: ImportEditor): void {
  const file = ctx.file;
  // The declarations reviewed: mergeSame leaves them where they are. (Two imports of one 0.3 interface are edited
  // through ts-morph, see import-edits.ts: the declarations recorded here are the ones mergeSame sees.)
  const reviewed = new Set<ImportDeclaration>();
  const ed: ImportEditor = { ...editor, review: (d, messageId, data) => (reviewed.add(d), editor.review(d, messageId, data)) };
  let emptied: ImportDeclaration[] = [];
  // Namespace imports the file keeps (\`import * as tcp from ...\`), checked for being handed on whole once the imports are written.
  const namespaces: { ns: string; iface: string }[] = [];
  // Functions imported by name that the file keeps (\`import { getDirectories }\`), checked for being handed on likewise.
  const functions: { local: string; iface: string; name: string }[] = [];
  // A name the file did not use before the port either is the author's (an import kept to pull its interface in):
  // it stays where 0.3 has it under the same name, and goes with its interface otherwise.
  const unused = (iface: string, n: ImportSpecifier) => {
    const local = n.getAliasNode()?.getText() ?? n.getName();
    if (isReferenced(file, local, n)) return false;
    const origin = declaredIn(iface, n.getName());
    const kept = WASI_API_MAP[iface]?.status !== 'removed' && apiEntry(origin.iface, origin.name)?.status === 'same' && !usedAtStart(file.getFilePath(), ctx.original, local);
    return !kept;
  };
  const handlerLibraries = new Set(libraryHandlers(file).map((h) => h.from));
  // Default imports of 0.2 interfaces (componentize-qjs's shape), read before any is edited: one marker, at the first, naming them all.
  const defaults = importDeclarations(file).filter((d) => d.getDefaultImport() && WASI_SPEC.exec(d.getModuleSpecifierValue())?.[3]!.startsWith('0.2.'));
  for (const decl of importDeclarations(file)) {
    const m = WASI_SPEC.exec(decl.getModuleSpecifierValue());
    const pre = m ? undefined : preRelease(decl.getModuleSpecifierValue());
    if (pre) ed.review(decl, 'preRelease', pre);
    const rc = m ? undefined : candidate03(decl.getModuleSpecifierValue());
    if (rc) ed.review(decl, 'candidate03', rc);
    const draft = pre || m?.[3]!.startsWith('0.2.') ? undefined : unreleasedDraft(decl.getModuleSpecifierValue());
    if (draft) ed.review(decl, ...unmapped(draft.name, draft.iface, draft.version));
    const bare = unversioned(decl.getModuleSpecifierValue());
    if (bare) ed.review(decl, 'noVersion', { spec: bare });
    // A module whose \`incomingHandler\` the file exports is reported as that (http-handler's libraryHandler).
    const lib = m || handlerLibraries.has(decl.getModuleSpecifierValue()) ? undefined : library02(decl.getModuleSpecifierValue(), file.getFilePath());
    if (lib) ed.review(decl, 'library02', { from: decl.getModuleSpecifierValue(), version: lib, names: libraryNames(decl) });
    if (!m || !m[3]!.startsWith('0.2.')) continue;
    if (defaults[0] === decl) ed.review(decl, 'defaultImport', { imports: defaults.map((d) => `\`${d.getDefaultImport()!.getText()}\` of ${d.getModuleSpecifierValue().replace(/@.*$/, '')}`).join(', ') });
    const iface = `wasi:${m[1]}/${m[2]}`;
    const ie = WASI_API_MAP[iface];
    // Not an interface of WASI 0.2 (\`wasi:http/incoming-hander\`, \`wasi:keyvalue/store\`): 0.3.0 has no such interface
    // either. A proposal 0.3.0 has no release of (wasi:keyvalue, wasi:nn) has nothing to be ported to, by hand or not.
    if (!ie) {
      ed.review(decl, ...unmapped(m[1]!, iface, m[3]!));
      continue;
    }
    // An import none of whose names is used any more goes whole (below): its names are not removed one by one first
    // (each removal re-parses the file). Not when another import has the same specifier: mergeSame may fill this one.
    const named = decl.getNamedImports();
    const spec = decl.getModuleSpecifierValue();
    if (named.length && !decl.getNamespaceImport() && !decl.getDefaultImport() && importDeclarations(file).filter((d) => d.getModuleSpecifierValue() === spec).length === 1 && named.every((n) => unused(iface, n))) {
      emptied.push(decl);
      continue;
    }
    // A namespace import nothing uses any more (`import * as poll from 'wasi:io/poll@0.2.3'`) goes the same way.
    const ns = decl.getNamespaceImport();
    if (ns && !decl.getDefaultImport() && !isReferenced(file, ns.getText(), ns)) {
      emptied.push(decl);
      continue;
    }
    for (const n of decl.getNamedImports()) {
      const local = n.getAliasNode()?.getText() ?? n.getName();
      if (unused(iface, n)) {
        ed.removeName(decl, n);
        continue;
      }
      const to = renamedOrReported((id, data) => ed.review(decl, id, data), iface, n.getName());
      if (to !== undefined) {
        ed.direct();
        if (!n.getAliasNode()) {
          for (const id of file.getDescendantsOfKind(SyntaxKind.Identifier).filter((d) => d.getText() === local && !Node.isImportSpecifier(d.getParent()))) {
            const p = id.getParent();
            if (p && Node.isPropertyAccessExpression(p) && p.getNameNode() === id) continue;
            // A shorthand property (\`makeClock({ resolution })\`) and an export without an alias keep the name they give
            // (the key another module reads, the module's export): the 0.3 function is given under it.
            if (p && Node.isShorthandPropertyAssignment(p)) {
              p.replaceWithText(`${local}: ${to}`);
              continue;
            }
            if (p && Node.isExportSpecifier(p) && !p.getAliasNode()) {
              p.replaceWithText(`${to} as ${local}`);
              continue;
            }
            id.replaceWithText(to);
          }
        }
        const from = n.getName();
        n.setName(to);
        ctx.edit(decl, `\`${from}\` is \`${to}\` in 0.3`);
        continue;
      }
      // One 0.3 renamed or reshaped is reported at its import (renamedOrReported).
      if (apiEntry(iface, n.getName())?.status === 'same' && !decl.isTypeOnly() && !n.isTypeOnly()) functions.push({ local, iface, name: n.getName() });
    }
    const whole = namespaceOf(decl);
    if (whole) membersLeft(ctx, ed, decl, iface, whole);
    if (whole && ie?.status !== 'removed') namespaces.push({ ns: whole, iface });
    if (ed.namedLeft(decl) === 0 && !decl.getNamespaceImport() && !decl.getDefaultImport()) {
      emptied.push(decl);
      continue;
    }
    if (ie?.status === 'removed') {
      ed.review(decl, ...gone(iface, ie.note));
      continue;
    }
    const to = ifaceIn03(iface);
    ed.setModuleSpecifier(decl, `${to}@0.3.0`);
    ed.edit(decl, `${iface}@${m[3]} -> ${to}@0.3.0`);
  }
  emptied = ed.finish(emptied);
  mergeSame(importDeclarations(file), reviewed);
  removeImports(file, emptied);
  for (const decl of reexports02(file)) reexport(ctx, decl);
  for (const node of importTypes02(file)) importType(ctx, node);
  for (const { ns, iface } of namespaces) {
    const changed = changedNames(iface);
    // An interface whose own names 0.3 kept may still give resources of one it changed (wasi:filesystem/preopens: types' \`Descriptor\`).
    const gives = changed ? undefined : resourcesChanged(iface);
    if (!changed && !gives) continue;
    for (const id of namespaceHandedOn(file, ns)) {
      const at = file.getDescendantAtPos(id.getStart(file.compilerNode))!;
      if (changed) ctx.review(at, 'namespaceHandedOn', { ns, iface, names: changed });
      else ctx.review(at, 'namespaceGivesChanged', { ns, iface, ...gives! });
    }
  }
  // A function handed on (\`makeFs({ getDirectories })\`, \`.bind(...)\`) or called through \`.call\`/\`.apply\`, imported by
  // name or read off a namespace (\`preopens.getDirectories\`): a call of it is ported where it is, what it gives followed.
  const indirect = (local: string, iface: string, name: string, member?: string): void => {
    const gives = resourcesChanged(iface, name);
    if (!gives) return;
    for (const { at, how } of functionUsedIndirectly(file, local, member)) {
      const node = file.getDescendantAtPos(at.getStart(file.compilerNode))!;
      const shown = member === undefined ? name : `${local}.${member}`;
      if (how === 'call' || how === 'apply') ctx.review(node, 'functionCalledIndirectly', { name: shown, iface, how, ...gives });
      else ctx.review(node, 'functionGivesChanged', { name: shown, iface, ...gives });
    }
  };
  for (const { local, iface, name } of functions) indirect(local, iface, name);
  // A member 0.3 renamed or reshaped is reported as such (membersLeft).
  for (const { ns, iface } of namespaces) for (const name of official02Of(iface)?.gives.keys() ?? []) if (apiEntry(iface, name)?.status === 'same') indirect(ns, iface, name, name);
}

/**
 * Code that implements a WASI 0.2 interface rather than calling it (a virtual
 * filesystem's \`class Descriptor implements WasiDescriptor\`, an object written
 * \`satisfies typeof types\`): the imports move to 0.3, which the code no longer
 * fits, and the transforms port calls only. Reported at the class or object.
 */
function implementations(ctx: FileContext): void {
  const wasiOf = (text: string): { iface: string; name: string } | undefined => {
    const dot = text.lastIndexOf('.');
    const w = ctx.wasi.byLocal.get(dot < 0 ? text : text.slice(0, dot));
    if (!w || !w.version.startsWith('0.2.') || (dot < 0) === (w.name === '*')) return undefined;
    return { iface: w.iface, name: dot < 0 ? w.name : text.slice(dot + 1) };
  };
  const report = (at: Node, name: string, iface: string, what: string) => {
    const names = changedNames(iface);
    if (names) ctx.review(at, 'implementedHere', { name, what, iface, names });
  };
  for (const cls of [...ctx.file.getDescendantsOfKind(SyntaxKind.ClassDeclaration), ...ctx.file.getDescendantsOfKind(SyntaxKind.ClassExpression)]) {
    const impl = cls.getImplements().map((h) => wasiOf(h.getExpression().getText())).find((w) => w);
    if (impl) report(cls, cls.getName() ?? 'this class', impl.iface, `\`${impl.name}\``);
  }
  for (const sat of ctx.file.getDescendantsOfKind(SyntaxKind.SatisfiesExpression)) {
    const t = sat.getTypeNode();
    if (!Node.isTypeQuery(t)) continue;
    const w = ctx.wasi.byLocal.get(t.getExprName().getText());
    // An interface the component exports (\`run\`, \`incomingHandler\` written \`satisfies typeof Handler\`) is ported by its transform.
    if (!w || w.name !== '*' || !w.version.startsWith('0.2.') || w.iface in JS_EXPORT_OF) continue;
    const decl = sat.getFirstAncestorByKind(SyntaxKind.VariableDeclaration);
    report(statementIn(sat) ?? sat, decl?.getName() ?? 'this object', w.iface, 'the whole interface');
  }
}

/**
 * The resources of other interfaces that \`iface\` takes with \`use\` (the official 0.2 WIT: wasi:filesystem/preopens
 * gives wasi:filesystem/types' \`Descriptor\`) whose methods 0.3 renamed, reshaped or removed, for a message; undefined when none.
 * With \`func\`, those that function's result names (\`getDirectories\`: \`Descriptor\`).
 */
function resourcesChanged(iface: string, func?: string): { resources: string; of: string } | undefined {
  const o = official02Of(iface);
  const results = func === undefined ? undefined : o?.gives.get(func);
  if (func !== undefined && !results) return undefined;
  const given = [...(o?.uses.entries() ?? [])].filter(([local]) => !results || results.has(local)).map(([, d]) => d).filter((d) => official02Of(d.iface)?.resources.has(d.name) && Object.entries(WASI_API_MAP).some(([k, e]) => k.startsWith(`${d.iface}.${kebab(d.name).replace(/^-/, '')}.`) && e.status !== 'same'));
  if (!given.length) return undefined;
  return { resources: given.map((d) => `\`${d.name}\``).join(', '), of: [...new Set(given.map((d) => d.iface))].join(', ') };
}

/** The names of \`iface\` 0.3 renamed, reshaped or removed (\`\`getStdout\`\`), the first few, for a message; undefined when none. */
function changedNames(iface: string): string | undefined {
  const changed = Object.entries(WASI_API_MAP).filter(([k, e]) => k.startsWith(`${iface}.`) && !k.slice(iface.length + 1).includes('.') && e.status !== 'same').map(([k, e]) => {
    // jco's names: functions camelCase, resources and types PascalCase.
    const name = camel(k.slice(iface.length + 1));
    return `\`${e.kind === 'function' ? name : name[0]!.toUpperCase() + name.slice(1)}\``;
  });
  if (!changed.length) return undefined;
  return changed.length > 4 ? `${changed.slice(0, 4).join(', ')}, ...` : changed.join(', ');
}

/**
 * The file's re-exports of a WASI 0.2 interface (\`export { Fields } from 'wasi:http/types@0.2.3'\`, \`export * from ...\`),
 * and of a proposal with no 0.3.0 release at any version (\`export * from 'wasi:blobstore/types'\`: unreleasedDraft).
 */
export function reexports02(file: SourceFile): ExportDeclaration[] {
  if (!file.getFullText().includes('wasi:')) return [];
  return file.getExportDeclarations().filter((d) => {
    const spec = d.getModuleSpecifierValue() ?? '';
    return !!WASI_SPEC.exec(spec)?.[3]!.startsWith('0.2.') || !!unreleasedDraft(spec);
  });
}

/**
 * A re-export of a WASI 0.2 interface, as an import of it: the specifier points at 0.3.0; a name the map
 * renames within the interface is re-exported from its 0.3 name under the name the module exported
 * (\`export { getResolution as resolution }\`); one gone or reshaped is reported, as its import is. \`export *\`
 * of an interface 0.3 changed hands on names that are gone or reshaped, which the module cannot list: reported.
 */
function reexport(ctx: FileContext, decl: ExportDeclaration): void {
  // A draft of a proposal with no 0.3.0 release, or one with no version: left as it is, reported as its import is.
  const draft = unreleasedDraft(decl.getModuleSpecifierValue()!);
  if (draft) {
    ctx.review(decl, ...unmapped(draft.name, draft.iface, draft.version));
    return;
  }
  // An interface the map does not know, or one 0.3.0 removed, is left as it is, reported as its import is.
  const found = portable(decl.getModuleSpecifierValue()!, (id, data) => ctx.review(decl, id, data));
  if (!found) return;
  const { iface, version } = found;
  for (const n of decl.getNamedExports()) {
    const to = renamedOrReported((id, data) => ctx.review(decl, id, data), iface, n.getName());
    if (to === undefined) continue;
    const from = n.getName();
    if (!n.getAliasNode()) n.setAlias(from);
    n.getNameNode().replaceWithText(to);
    ctx.edit(decl, `\`${from}\` is \`${to}\` in 0.3`);
  }
  const changed = decl.hasNamedExports() ? undefined : changedNames(iface);
  if (changed) ctx.review(decl, 'reexportAll', { iface, names: changed });
  decl.setModuleSpecifier(`${ifaceIn03(iface)}@0.3.0`);
  ctx.edit(decl, `${iface}@${version} -> ${ifaceIn03(iface)}@0.3.0`);
}

/** The file's type-position imports of a WASI 0.2 interface (\`typeof import('wasi:http/incoming-handler@0.2.3')\`, \`import('wasi:http/types@0.2.3').Fields\`). */
export function importTypes02(file: SourceFile): ImportTypeNode[] {
  if (!file.getFullText().includes('wasi:')) return [];
  return file.getDescendantsOfKind(SyntaxKind.ImportType).filter((t) => WASI_SPEC.exec(specifierOf(t) ?? '')?.[3]!.startsWith('0.2.'));
}

/** The module an \`import(<specifier>)\` type names, if it is a string literal. */
function specifierOf(t: ImportTypeNode): string | undefined {
  const arg = t.getArgument();
  const lit = Node.isLiteralTypeNode(arg) ? arg.getLiteral() : undefined;
  return lit && Node.isStringLiteral(lit) ? lit.getLiteralValue() : undefined;
}

/**
 * An \`import('wasi:...@0.2.x')\` type, as an import of the interface: it points at the interface's 0.3.0 name;
 * the name it reads (\`.Fields\`) is renamed when the map renames it within the interface, reported when gone or
 * reshaped; an interface the map does not know, or one gone, is left and reported.
 */
function importType(ctx: FileContext, node: ImportTypeNode): void {
  const at = statementIn(node) ?? node;
  const found = portable(specifierOf(node)!, (id, data) => ctx.review(at, id, data));
  if (!found) return;
  const { iface, version } = found;
  const q = node.getQualifier();
  const first = q && (Node.isIdentifier(q) ? q : q.getFirstDescendantByKind(SyntaxKind.Identifier));
  if (first) {
    const to = renamedOrReported((id, data) => ctx.review(at, id, data), iface, first.getText());
    if (to !== undefined) {
      ctx.edit(at, `\`${first.getText()}\` is \`${to}\` in 0.3`);
      first.replaceWithText(to);
    }
  }
  const lit = (node.getArgument() as import('ts-morph').LiteralTypeNode).getLiteral();
  const quote = lit.getText()[0];
  lit.replaceWithText(`${quote}${ifaceIn03(iface)}@0.3.0${quote}`);
  ctx.edit(at, `${iface}@${version} -> ${ifaceIn03(iface)}@0.3.0`);
}

/**
 * The interface a \`wasi:\` 0.2 specifier names and its version, when the WASI API map moves it to 0.3.0; else
 * undefined, once \`say\` has been told why: an interface the map does not know (unmapped), or one 0.3.0 removed.
 */
function portable(spec: string, say: (id: string, data: MessageData) => void): { iface: string; version: string } | undefined {
  const m = WASI_SPEC.exec(spec)!;
  const iface = `wasi:${m[1]}/${m[2]}`;
  const ie = WASI_API_MAP[iface];
  if (!ie) say(...unmapped(m[1]!, iface, m[3]!));
  else if (ie.status === 'removed') say(...gone(iface, ie.note));
  else return { iface, version: m[3]! };
  return undefined;
}

/** What to say of an interface WASI 0.3.0 removed: the map's note on it, when it has one. */
function gone(iface: string, note: string | undefined): ['interfaceGone' | 'interfaceGoneUnexplained', MessageData] {
  return note ? ['interfaceGone', { iface, note }] : ['interfaceGoneUnexplained', { iface }];
}

const PRE_RELEASE = /^(wasi:[a-z][a-z0-9-]*\/[a-z][a-z0-9-]*)@(0\.2\.\d+-rc[0-9A-Za-z.-]*)$/;

/** A release candidate of a WASI 0.2 interface the WASI API map knows (\`wasi:http/types@0.2.0-rc-2023-11-05\`): its interface and version. */
function preRelease(spec: string): { iface: string; version: string } | undefined {
  const m = PRE_RELEASE.exec(spec);
  return m && WASI_API_MAP[m[1]!] ? { iface: m[1]!, version: m[2]! } : undefined;
}

const CANDIDATE_03 = /^(wasi:[a-z][a-z0-9-]*\/[a-z][a-z0-9-]*)@(0\.3\.0-rc[0-9A-Za-z.-]*)$/;

/**
 * A release candidate of a WASI 0.3 interface (\`wasi:cli/stdin@0.3.0-rc-2026-03-15\`, as componentize-qjs's examples
 * import it): its interface and version. Rule 15 moves the WIT to 0.3.0, which has no such import.
 */
function candidate03(spec: string): { iface: string; version: string } | undefined {
  const m = CANDIDATE_03.exec(spec);
  return m ? { iface: m[1]!, version: m[2]! } : undefined;
}

/**
 * What to say of an import or re-export of an interface the WASI API map does not know: a misspelt name of a
 * package 0.3.0 releases (\`notInMap\`), or one of a proposal with no 0.3.0 release (\`noRelease\`).
 */
function unmapped(name: string, iface: string, version: string): ['notInMap' | 'noRelease', MessageData] {
  return releasedIn03(name) ? ['notInMap', { iface, version }] : ['noRelease', { spec: version ? `${iface}@${version}` : iface, name }];
}

/**
 * A pre-release of a proposal WASI 0.3.0 has no release of (\`wasi:keyvalue/store@0.2.0-draft\`), any version of
 * one before 0.2 (\`wasi:logging/logging@0.1.0-draft\`), or an import of one with no version (\`wasi:blobstore/types\`,
 * whose version the WIT names): nothing to move it to whatever its version, as for its 0.2 releases (noRelease).
 * The version is '' for an import with none.
 */
function unreleasedDraft(spec: string): { iface: string; version: string; name: string } | undefined {
  const m = /^wasi:([a-z][a-z0-9-]*)\/([a-z][a-z0-9-]*)(?:@(0\.2\.\d+-[0-9A-Za-z.-]+|0\.[01]\.\d+(?:-[0-9A-Za-z.-]+)?))?$/.exec(spec);
  return m && !releasedIn03(m[1]!) ? { iface: `wasi:${m[1]}/${m[2]}`, version: m[3] ?? '', name: m[1]! } : undefined;
}

/** An import of an interface of a package 0.3.0 releases that names no version (\`wasi:cli/stdout\`): its specifier. */
function unversioned(spec: string): string | undefined {
  const m = /^wasi:([a-z][a-z0-9-]*)\/[a-z][a-z0-9-]*$/.exec(spec);
  return m && releasedIn03(m[1]!) ? spec : undefined;
}

/**
 * A package's build for WASI 0.2, by a \`wasi/0.2.x\` (or \`wasi/0.2.6\`) folder in
 * its path (jco-std's \`@bytecodealliance/jco-std/wasi/0.2.x/http/adapters/hono/middleware/env\`):
 * its WASI version. A relative path is the project's own code, ported as it is
 * (\`./wasi/0.2.x/routes.js\`), but for one that leaves the build folder the
 * file \`from\` sits in (\`0.2.3\`) for a 0.2 build beside it: jco-std's 0.2.3
 * build calling its 0.2.x one (\`../../../0.2.x/http/types/response.js\`).
 */
function library02(spec: string, from: string): string | undefined {
  if (!spec.startsWith('.')) return /^[^.:][^:]*\/wasi\/(0\.2\.(?:\d+|x))(?:\/|$)/.exec(spec)?.[1];
  const dir = from.split('/').slice(0, -1);
  const target = [...dir];
  for (const seg of spec.split('/')) {
    if (seg === '..') target.pop();
    else if (seg !== '.') target.push(seg);
  }
  let i = 0;
  while (i < dir.length && dir[i] === target[i]) i++;
  return /^0\.\d+\.(?:\d+|x)$/.test(dir[i] ?? '') && /^0\.2\.(?:\d+|x)$/.test(target[i] ?? '') ? target[i] : undefined;
}

/** \`a\`, \`b\` and \`c\`: the names an import takes (\`* as x\`, a default import), for a message. */
function libraryNames(decl: ImportDeclaration): string {
  const names = [decl.getDefaultImport()?.getText(), decl.getNamespaceImport() && `* as ${decl.getNamespaceImport()!.getText()}`, ...decl.getNamedImports().map((n) => n.getName())].filter((n): n is string => !!n).map((n) => `\`${n}\``);
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0] ?? 'code';
}

/**
 * Does the file import what the port leaves as it is, reported: a WASI 0.2 release candidate, a draft of a proposal
 * with no 0.3.0 release (or one with no version), or a package's build
 * for WASI 0.2? Then the rewriter looks at it, to say so, though it imports no WASI 0.2 release.
 */
export function importsLeftAsIs(file: SourceFile): boolean {
  const text = file.getFullText();
  if (!text.includes('wasi:') && !text.includes('/0.2.')) return false;
  return importDeclarations(file).some((d) => !!preRelease(d.getModuleSpecifierValue()) || !!candidate03(d.getModuleSpecifierValue()) || !!unreleasedDraft(d.getModuleSpecifierValue()) || !!unversioned(d.getModuleSpecifierValue()) || !!library02(d.getModuleSpecifierValue(), file.getFilePath()));
}

/**
 * The members of a namespace import (\`import * as clock from ...\`, or a
 * default import read as one) the port left in use, as the named imports
 * above: one the map renames within its interface is renamed at each use
 * (\`clock.resolution()\` -> \`clock.getResolution()\`), and one that is gone
 * or took a new shape (\`stdin.getStdin()\`) is reported on the import, as
 * its named import is.
 */
function membersLeft(ctx: FileContext, ed: ImportEditor, decl: ImportDeclaration, iface: string, ns: string): void {
  const uses = new Map<string, Node[]>();
  const accesses = descendantsWhere(ctx.file, SyntaxKind.PropertyAccessExpression, (n) => ts.isPropertyAccessExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === ns);
  const qualified = descendantsWhere(ctx.file, SyntaxKind.QualifiedName, (n) => ts.isQualifiedName(n) && ts.isIdentifier(n.left) && n.left.text === ns);
  for (const a of [...accesses, ...qualified]) {
    const name = Node.isQualifiedName(a) ? a.getRight() : a.getNameNode();
    uses.set(name.getText(), [...(uses.get(name.getText()) ?? []), name]);
  }
  for (const [name, names] of uses) {
    const to = renamedOrReported((id, data) => ed.review(decl, id, data), iface, name);
    if (to === undefined) continue;
    ed.direct();
    for (const n of names) n.replaceWithText(to);
    ctx.edit(decl, `\`${ns}.${name}\` is \`${ns}.${to}\` in 0.3`);
  }
}

/**
 * What the API map says of \`name\`, imported from 0.2's \`iface\` (a named
 * import, or a member of a namespace import): gone or reshaped is reported on
 * the import; a plain rename within the interface gives its new (camelCase)
 * name, for the caller to write; anything else, nothing.
 */
function renamedOrReported(report: (messageId: keyof typeof messages, data: MessageData) => void, iface: string, name: string): string | undefined {
  const origin = declaredIn(iface, name);
  const e = apiEntry(origin.iface, origin.name);
  if (e?.status === 'removed') {
    if (e.note) report('gone', { name, iface, note: e.note });
    else report('goneUnexplained', { name, iface });
  } else if (e?.status === 'renamed' && e.kind !== 'function') {
    if (e.note) report('becameWithNote', { name, iface, to: String(e.to), note: e.note });
    else report('became', { name, iface, to: String(e.to) });
  } else if (e?.status === 'moved' && e.kind === 'type' && e.to && usedIn03(ifaceIn03(origin.iface), origin.name, e.to.slice(0, e.to.lastIndexOf('.')))) {
    // Moved to another interface that the 0.2 one takes back with \`use\` in 0.3 (monotonic-clock's \`duration\`): jco still exports it there.
    return undefined;
  } else if ((e?.status === 'renamed' || e?.status === 'moved') && e.to && e.note) {
    // Renamed with a new shape (get-stdout -> write-via-stream): the name alone would lie.
    report('becameWithNote', { name, iface, to: e.to, note: e.note });
  } else if (e?.status === 'renamed' && e.to && e.to.startsWith(`${ifaceIn03(iface)}.`) && !e.to.slice(ifaceIn03(iface).length + 1).includes('.')) {
    return camel(e.to.slice(ifaceIn03(iface).length + 1));
  }
  return undefined;
}

/** Where the directive comment right above \`decl\` (on the line before, alone on its line) starts, if it has one. */
function directiveAbove(text: string, decl: ImportDeclaration): number | undefined {
  const last = decl.getLeadingCommentRanges().at(-1);
  if (!last || last.getKind() !== SyntaxKind.SingleLineCommentTrivia || !NEXT_LINE_DIRECTIVE.test(last.getText())) return undefined;
  if (!/^[ \t]*\r?\n[ \t]*$/.test(text.slice(last.getEnd(), decl.getStart()))) return undefined;
  const lineStart = text.lastIndexOf('\n', last.getPos() - 1) + 1;
  return /^[ \t]*$/.test(text.slice(lineStart, last.getPos())) ? lineStart : undefined;
}

/**
 * Removes import declarations but not the comments above them: ts-morph's
 * \`remove()\` takes the leading trivia too, and above the first import that is
 * the file's own header comment. A directive for the next line goes with
 * its import (\`directiveAbove\`).
 */
function removeImports(file: SourceFile, decls: ImportDeclaration[]): void {
  const keep = decls.filter((d) => d.getLeadingCommentRanges().length);
  for (const d of decls) if (!keep.includes(d)) d.remove();
  if (!keep.length) return;
  // Replacing a range ts-morph maps to one node fails ("children left over"): rewrite the text, last range first.
  let text = file.getFullText();
  const ranges = keep.map((d) => ({ start: directiveAbove(text, d) ?? d.getStart(), end: d.getEnd() }));
  for (const r of ranges.sort((a, b) => b.start - a.start)) {
    let end = r.end;
    if (text.startsWith('\r\n', end)) end += 2;
    else if (text[end] === '\n') end += 1;
    text = text.slice(0, r.start) + text.slice(end);
  }
  file.replaceWithText(text);
}

/**
 * Whether the file's last top-level import has a blank line after it (its
 * line ended, trailing comment and all), read on the tree before any
 * transform: comments between the imports, a header above them, count for
 * nothing.
 */
export function blankAfterImports(file: SourceFile): boolean {
  const last = file.compilerNode.statements.filter(ts.isImportDeclaration).at(-1);
  if (!last) return false;
  const text = file.getFullText();
  const eol = text.indexOf('\n', last.end);
  return eol >= 0 && /^\n[ \t]*\r?\n/.test(text.slice(eol));
}

/**
 * Removing the last import takes the blank line after it: put it back when
 * the original file had one (\`blankAfterImports\` of the file as it was).
 * Run after the transforms (inserting text forgets every node, review
 * anchors included).
 */
export function keepBlankAfterImports(file: SourceFile, hadBlank: boolean): void {
  if (!hadBlank) return;
  const statements = file.compilerNode.statements;
  let at = statements.length - 1;
  while (at >= 0 && !ts.isImportDeclaration(statements[at]!)) at--;
  if (at < 0) return;
  const last = statements[at]!;
  // Comments kept from an import that went may stand between: a blank line anywhere before the next statement will do.
  const next = statements[at + 1];
  const between = file.getFullText().slice(last.end, next ? next.getStart(file.compilerNode) : undefined);
  if (!/\n[ \t]*\r?\n/.test(between)) file.insertText(last.end, '\n');
}

/**
 * An import written one name per line (Prettier's style) stays so after names
 * were added and removed: the edits above join new names onto the last line.
 * Run with keepBlankAfterImports, after the transforms.
 */
export function tidyImports(file: SourceFile, bare: ReadonlySet<string> = new Set()): void {
  for (const decl of importDeclarations(file)) {
    if (!WASI_SPEC.test(decl.getModuleSpecifierValue())) continue;
    // A list the file wrote with no comma after its last name keeps none (randhttp's \`{\n getRandomBytes\n}\`).
    const last = bare.has(decl.getModuleSpecifierValue().replace(/@.*$/, '')) ? '' : ',';
    const t = decl.getText();
    const m = /^import\s*(type\s+)?\{([\s\S]*)\}\s*from\s*(['"][^'"]+['"])\s*(;?)$/.exec(t);
    if (!m || !m[2]!.includes('\n')) continue;
    const ind = /\n([ \t]+)\S/.exec(m[2]!)?.[1] ?? '  ';
    const names = decl.getNamedImports().map((n) => n.getText());
    const text = `import ${m[1] ?? ''}{\n${names.map((n, i) => `${ind}${n}${i < names.length - 1 ? ',' : last}`).join('\n')}\n} from ${m[3]}${m[4]}`;
    if (text !== t) replaceInPlace(decl, text);
  }
}

/** The WASI interfaces (\`wasi:random/random\`, by their 0.3 names) whose import the file writes on several lines with no comma after the last name, read before the port. */
export function bareImportLists(file: SourceFile): Set<string> {
  const out = new Set<string>();
  for (const decl of importDeclarations(file)) {
    const spec = decl.getModuleSpecifierValue();
    const named = decl.getImportClause()?.getNamedBindings();
    if (!WASI_SPEC.test(spec) || !named || !Node.isNamedImports(named) || !named.getText().includes('\n') || !named.getElements().length) continue;
    // Keyed by the interface's 0.3 name, which tidyImports reads after the port (\`wasi:clocks/wall-clock\` is \`wasi:clocks/system-clock\` then).
    const m = WASI_SPEC.exec(spec)!;
    if (!/^,/.test(named.getText().slice(named.getElements().at(-1)!.getEnd() - named.getStart()).trimStart())) out.add(m[3]!.startsWith('0.2.') ? ifaceIn03(`wasi:${m[1]}/${m[2]}`) : spec.replace(/@.*$/, ''));
  }
  return out;
}

/**
 * Merges the WASI imports of one specifier into the first. A later one with a
 * review (\`reviewed\`, this run's) or a comment above it (an earlier
 * transform's or run's marker) stays its own line: removed, it would lose the
 * statement the review is placed by, or leave the comment above nothing.
 */
function mergeSame(decls: ImportDeclaration[], reviewed: ReadonlySet<ImportDeclaration>): void {
  const seen = new Map<string, ImportDeclaration>();
  for (const d of decls) {
    const spec = d.getModuleSpecifierValue();
    if (!WASI_SPEC.test(spec) || d.getNamespaceImport() || d.getDefaultImport()) continue;
    // \`import type\` lines merge with each other (\`wasi:sockets/tcp\` and \`udp\` both became \`types\`), and stay type-only.
    const key = `${d.isTypeOnly() ? 'type ' : ''}${spec}`;
    const first = seen.get(key);
    if (!first) {
      seen.set(key, d);
      continue;
    }
    if (reviewed.has(d) || d.getLeadingCommentRanges().length) continue;
    const have = new Set(first.getNamedImports().map((n) => n.getText()));
    for (const n of d.getNamedImports()) if (!have.has(n.getText())) first.addNamedImport(n.getText());
    d.remove();
  }
}

const transform: CodeTransform = {
  id: 'bindings/specifiers',
  summary: 'wasi:*@0.2.x import specifiers point at @0.3.0 and the new interface names; unused and removed names go',
  docs,
  messages,
  kind: 'mechanical',
  apply,
  cases: [
    {
      // trailbase's http module re-exported \`OutgoingResponse\` from wasi:http/types@0.2.3: left at 0.2 with no word, and a file
      // holding only such re-exports was "nothing to migrate" (\`--check\` passed).
      name: 'a re-export of a WASI 0.2 interface points at 0.3.0 as an import does: a name renamed within the interface is re-exported under the name the module gave it, one gone or reshaped is reported; in a module that imports nothing from WASI too',
      before: { 'wasi.ts': `export { now, resolution } from 'wasi:clocks/monotonic-clock@0.2.3';
export type { Descriptor } from 'wasi:filesystem/types@0.2.3';
export { Fields, ResponseOutparam as Outparam } from 'wasi:http/types@0.2.3';
` },
      after: { 'wasi.ts': `export { now, getResolution as resolution } from 'wasi:clocks/monotonic-clock@0.3.0';
export type { Descriptor } from 'wasi:filesystem/types@0.3.0';
// wasi-migrate(review): \`ResponseOutparam\` of wasi:http/types is gone in WASI 0.3 (handler.handle returns the response): the code still uses it
export { Fields, ResponseOutparam as Outparam } from 'wasi:http/types@0.3.0';
` },
      reviews: ['`ResponseOutparam` of wasi:http/types is gone'],
    },
    {
      // A handler module typed its export \`typeof import('wasi:http/incoming-handler@0.2.3')\` (bprobe10 typeofimport,
      // index id 29566115817; meowts 29863852949): the type query stayed at 0.2 with no word (TS2307 on the 0.3 world),
      // and a module with no other WASI reference was "nothing to migrate" (\`--check\` passed).
      name: "an `import('wasi:...@0.2.x')` type points at the interface's 0.3.0 name as an import does (a name it reads renamed within the interface is renamed, one gone reported); in a module that imports nothing from WASI too",
      before: { 'types.ts': `export type Handler = typeof import('wasi:http/incoming-handler@0.2.3');
export type Headers = import("wasi:http/types@0.2.3").Fields;
export const tick: typeof import('wasi:clocks/monotonic-clock@0.2.3').resolution = () => 1n;
` },
      after: { 'types.ts': `export type Handler = typeof import('wasi:http/handler@0.3.0');
export type Headers = import("wasi:http/types@0.3.0").Fields;
export const tick: typeof import('wasi:clocks/monotonic-clock@0.3.0').getResolution = () => 1n;
` },
    },
    {
      // bprobe10 golemretry (index id 52490298849): \`import type { Duration as RawDuration } from 'wasi:clocks/monotonic-clock@0.2.3'\`
      // got becameWithNote ("still uses the 0.2 shape") though 0.3's monotonic-clock takes \`duration\` back from
      // wasi:clocks/types with \`use\` (same u64): jco's 0.3 bindings export it there, and the port type-checks.
      name: 'a type moved to another interface that the 0.2 one takes back with `use` in 0.3 (monotonic-clock\'s `Duration`) is imported from the same place, not reported',
      before: { 'retry.ts': `import type { Duration as RawDuration } from 'wasi:clocks/monotonic-clock@0.2.3';

export const second: RawDuration = 1_000_000_000n;
` },
      after: { 'retry.ts': `import type { Duration as RawDuration } from 'wasi:clocks/monotonic-clock@0.3.0';

export const second: RawDuration = 1_000_000_000n;
` },
    },
    {
      name: "an `import('wasi:...@0.2.x')` type reading a name 0.3 removed is reported there, its specifier moved all the same",
      before: { 'types.ts': `export type Out = import('wasi:http/types@0.2.3').ResponseOutparam;
` },
      after: { 'types.ts': `// wasi-migrate(review): \`ResponseOutparam\` of wasi:http/types is gone in WASI 0.3 (handler.handle returns the response): the code still uses it
export type Out = import('wasi:http/types@0.3.0').ResponseOutparam;
` },
      reviews: ['`ResponseOutparam` of wasi:http/types is gone'],
    },
    {
      // Found by a probe on a reduction of trailbase's re-exports: a module holding only these was "nothing to migrate".
      name: 'a re-export of an interface the WASI API map does not know is left as it is and reported, as its import is (a misspelt name, a proposal with no 0.3.0 release)',
      before: { 'wasi.ts': `export { Value } from 'wasi:keyvalue/store@0.2.0';
export { Fields } from 'wasi:http/typez@0.2.3';
` },
      after: { 'wasi.ts': `// wasi-migrate(review): \`wasi:keyvalue/store@0.2.0\`: wasi:keyvalue has no 0.3.0 release, so there is nothing to move it to: the import is left as it is; keep it (and mark it \`// wasi-migrate(decided): why\`) or drop it
export { Value } from 'wasi:keyvalue/store@0.2.0';
// wasi-migrate(review): \`wasi:http/typez\` is no WASI 0.2 interface the WASI API map knows (a misspelt name?): the import is left at 0.2.3; port it by hand
export { Fields } from 'wasi:http/typez@0.2.3';
` },
      reviews: ['wasi:keyvalue has no 0.3.0 release', '`wasi:http/typez` is no WASI 0.2 interface'],
    },
    {
      // spin's and wasmCloud's worlds import wasi:keyvalue's draft: a module importing only that was "nothing to migrate".
      name: 'an import of a draft of a proposal WASI 0.3.0 has no release of (`wasi:keyvalue/store@0.2.0-draft`) is left as it is and reported, as its 0.2 releases are; the file is looked at for that alone',
      before: { 'kv.ts': `import { open } from 'wasi:keyvalue/store@0.2.0-draft';

export const bucket = () => open('default');
` },
      after: { 'kv.ts': `// wasi-migrate(review): \`wasi:keyvalue/store@0.2.0-draft\`: wasi:keyvalue has no 0.3.0 release, so there is nothing to move it to: the import is left as it is; keep it (and mark it \`// wasi-migrate(decided): why\`) or drop it
import { open } from 'wasi:keyvalue/store@0.2.0-draft';

export const bucket = () => open('default');
` },
      reviews: ['wasi:keyvalue has no 0.3.0 release'],
    },
    {
      // Only re-exports at a 0.2 release were looked at: these were passed with nothing said.
      name: 'a re-export of a proposal WASI 0.3.0 has no release of, with no version or at a draft, is reported as its import is',
      before: { 'blob.ts': `export * from 'wasi:blobstore/types';
export { open } from 'wasi:keyvalue/store@0.2.0-draft';
` },
      after: { 'blob.ts': `// wasi-migrate(review): \`wasi:blobstore/types\`: wasi:blobstore has no 0.3.0 release, so there is nothing to move it to: the import is left as it is; keep it (and mark it \`// wasi-migrate(decided): why\`) or drop it
export * from 'wasi:blobstore/types';
// wasi-migrate(review): \`wasi:keyvalue/store@0.2.0-draft\`: wasi:keyvalue has no 0.3.0 release, so there is nothing to move it to: the import is left as it is; keep it (and mark it \`// wasi-migrate(decided): why\`) or drop it
export { open } from 'wasi:keyvalue/store@0.2.0-draft';
` },
      reviews: ['`wasi:blobstore/types`: wasi:blobstore has no 0.3.0 release', '`wasi:keyvalue/store@0.2.0-draft`: wasi:keyvalue has no 0.3.0 release'],
    },
    {
      // wild2's probe-unversioned: \`getStdout()\` of \`wasi:cli/stdout\` was reported as an output-stream with no 0.3
      // counterpart known, the cause unsaid; a file with only \`wasi:cli/environment\` so was "nothing to migrate".
      name: 'an import with no version of an interface of a package 0.3.0 releases (`wasi:cli/stdout`) is reported as such (`noVersion`): jco\'s bindings are versioned, the port cannot tell 0.2 from 0.3 and leaves the code; the stream it gives gets no review of its own',
      before: { 'guest.js': `import { getStdout } from 'wasi:cli/stdout';
import { getArguments } from 'wasi:cli/environment';

export function hello() {
  getStdout().blockingWriteAndFlush(new TextEncoder().encode(\`hi \${getArguments().length}\\n\`));
}
` },
      after: { 'guest.js': `// wasi-migrate(review): \`wasi:cli/stdout\` names no version, and jco's WASI bindings are versioned (\`wasi:cli/stdout@0.2.x\`, \`wasi:cli/stdout@0.3.0\`): this import resolves to neither, and the port cannot tell which WASI the code is written against, so it leaves the code; write the version the component's WIT imports (a 0.2 one, then run the port again)
import { getStdout } from 'wasi:cli/stdout';
// wasi-migrate(review): \`wasi:cli/environment\` names no version, and jco's WASI bindings are versioned (\`wasi:cli/environment@0.2.x\`, \`wasi:cli/environment@0.3.0\`): this import resolves to neither, and the port cannot tell which WASI the code is written against, so it leaves the code; write the version the component's WIT imports (a 0.2 one, then run the port again)
import { getArguments } from 'wasi:cli/environment';

export function hello() {
  getStdout().blockingWriteAndFlush(new TextEncoder().encode(\`hi \${getArguments().length}\\n\`));
}
` },
      reviews: ['`wasi:cli/stdout` names no version', '`wasi:cli/environment` names no version'],
    },
    {
      // golem's blobstore wrapper imports wasi:blobstore with no version (the WIT names it): the file was "nothing to migrate".
      name: 'an import with no version of a proposal WASI 0.3.0 has no release of (`wasi:blobstore/types`) is reported as its versioned imports are, and a stream it makes is one that stays at 0.2',
      before: { 'blob.ts': `import * as types from 'wasi:blobstore/types';

export function toValue(bytes: Uint8Array): types.OutgoingValue {
  const value = types.OutgoingValue.newOutgoingValue();
  const body = value.outgoingValueWriteBody();
  body.blockingWriteAndFlush(bytes);
  return value;
}
` },
      after: { 'blob.ts': `// wasi-migrate(review): \`wasi:blobstore/types\`: wasi:blobstore has no 0.3.0 release, so there is nothing to move it to: the import is left as it is; keep it (and mark it \`// wasi-migrate(decided): why\`) or drop it
import * as types from 'wasi:blobstore/types';

export function toValue(bytes: Uint8Array): types.OutgoingValue {
  const value = types.OutgoingValue.newOutgoingValue();
  // wasi-migrate(review): \`body\` is an output-stream of wasi:blobstore/types, which has no 0.3 release: it stays a wasi:io 0.2 stream, so its calls are left as they are; it goes with that import (kept at 0.2, or dropped)
  const body = value.outgoingValueWriteBody();
  body.blockingWriteAndFlush(bytes);
  return value;
}
` },
      reviews: ['`wasi:blobstore/types`: wasi:blobstore has no 0.3.0 release', '`body` is an output-stream of wasi:blobstore/types, which has no 0.3 release'],
    },
    {
      // Only 0.2 versions were looked at: wasmCloud's world imports wasi:logging/logging@0.1.0-draft beside
      // wasi:config/store@0.2.0-draft, and a module importing the first was "nothing to migrate" (/tmp/s44/wprobe5).
      name: 'an import of a proposal WASI 0.3.0 has no release of, at a version before 0.2 (`wasi:logging/logging@0.1.0-draft`, `@0.1.0`), is reported as at 0.2',
      before: { 'log.ts': `import { log } from 'wasi:logging/logging@0.1.0-draft';
import { get } from 'wasi:config/runtime@0.1.0';

export const say = (m: string) => log('info', get('ctx') ?? '', m);
` },
      after: { 'log.ts': `// wasi-migrate(review): \`wasi:logging/logging@0.1.0-draft\`: wasi:logging has no 0.3.0 release, so there is nothing to move it to: the import is left as it is; keep it (and mark it \`// wasi-migrate(decided): why\`) or drop it
import { log } from 'wasi:logging/logging@0.1.0-draft';
// wasi-migrate(review): \`wasi:config/runtime@0.1.0\`: wasi:config has no 0.3.0 release, so there is nothing to move it to: the import is left as it is; keep it (and mark it \`// wasi-migrate(decided): why\`) or drop it
import { get } from 'wasi:config/runtime@0.1.0';

export const say = (m: string) => log('info', get('ctx') ?? '', m);
` },
      reviews: ['wasi:logging has no 0.3.0 release', 'wasi:config has no 0.3.0 release'],
    },
    {
      // trailbase's http module: \`OutgoingResponse\` stayed in its import (with a review saying the code still used it) for the
      // name in its \`export { OutgoingResponse } from\`, which is the other module's.
      name: "a name in `export { X } from 'wasi:...'` is no use of the import of that name: an import the port left unused goes",
      before: { 'guest.ts': `import { Fields, OutgoingResponse } from 'wasi:http/types@0.2.3';

export { OutgoingResponse } from 'wasi:http/types@0.2.3';

export function empty(): OutgoingResponse {
  const response = new OutgoingResponse(new Fields());
  response.setStatusCode(204);
  return response;
}
` },
      after: { 'guest.ts': `import { Fields, Response } from 'wasi:http/types@0.3.0';

// wasi-migrate(review): \`OutgoingResponse\` of wasi:http/types became wasi:http/types.response (one response resource for both directions): the code still uses the 0.2 shape
export { OutgoingResponse } from 'wasi:http/types@0.3.0';

export function empty(): Response {
  const response = Response.new(new Fields(), undefined, wasiOk())[0];
  response.setStatusCode(204);
  return response;
}
` },
      helpers: ['wasiOk'],
      reviews: ['`OutgoingResponse` of wasi:http/types became wasi:http/types.response'],
    },
    {
      // A node:net shim built its sockets from \`createNet({ instanceNetwork, ipNameLookup, tcpCreateSocket })\`: the namespaces
      // pointed at 0.3.0 (tcp-create-socket at wasi:sockets/types, with no createTcpSocket) with no word.
      name: 'a namespace import handed on whole (to a function of another module, in an object) is reported where it is, when 0.3 changed names of its interface; one whose names 0.3 kept is not',
      before: { 'guest.js': `import * as stdout from 'wasi:cli/stdout@0.2.3';
import * as random from 'wasi:random/random@0.2.3';
import { makeLogger } from './logger.js';

export const logger = makeLogger({ stdout, random });
export const line = stdout.getStdout;
`, 'logger.js': LOGGER },
      after: { 'guest.js': `// wasi-migrate(review): \`getStdout\` of wasi:cli/stdout became wasi:cli/stdout.write-via-stream (takes data: stream<u8>, returns future<result<_, error-code>>): the code still uses the 0.2 shape
import * as stdout from 'wasi:cli/stdout@0.3.0';
import * as random from 'wasi:random/random@0.3.0';
import { makeLogger } from './logger.js';

// wasi-migrate(review): \`stdout\` (all of wasi:cli/stdout) is handed on whole here, and WASI 0.3 changed names of it (\`getStdout\`): what receives it calls them as 0.2 gave them, which the rewriter does not follow; port that code by hand
export const logger = makeLogger({ stdout, random });
export const line = stdout.getStdout;
`, 'logger.js': LOGGER },
      reviews: ['`getStdout` of wasi:cli/stdout became', '`stdout` (all of wasi:cli/stdout) is handed on whole here'],
    },
    {
      // bprobe10 capsuleboot (index id 51795299405, Capsule's bootloader: \`globalThis['wasi:filesystem/preopens'] = fsPreopens\`
      // for its fs polyfill), reduced: preopens' own names are the same in 0.3, so the namespace handed on went with no
      // word, while what it gives (types' \`Descriptor\`, its methods async, \`read\` gone) reaches code the port never sees.
      name: "a namespace handed on whole whose own names 0.3 kept but whose functions give resources 0.3 changed (wasi:filesystem/preopens' `Descriptor`) is reported too",
      before: { 'fs.js': `import * as preopens from 'wasi:filesystem/preopens@0.2.3';
import { makeFs } from './polyfill.js';

export const fs = makeFs({ preopens });
`, 'polyfill.js': POLYFILL },
      after: { 'fs.js': `import * as preopens from 'wasi:filesystem/preopens@0.3.0';
import { makeFs } from './polyfill.js';

// wasi-migrate(review): \`preopens\` (all of wasi:filesystem/preopens) is handed on whole here, and what it gives (\`Descriptor\` of wasi:filesystem/types) WASI 0.3 changed (methods async, some renamed or gone): what receives it calls them as 0.2 gave them, which the rewriter does not follow; port that code by hand
export const fs = makeFs({ preopens });
`, 'polyfill.js': POLYFILL },
      reviews: ['`preopens` (all of wasi:filesystem/preopens) is handed on whole here, and what it gives'],
    },
    {
      // Seen in this round (bfix13): \`makeClock({ resolution })\` became \`makeClock({ getResolution })\`, the key the
      // receiving module reads (\`c.resolution()\`) renamed with no word, and \`export { resolution }\` the module's export.
      name: 'a function renamed within its interface keeps the name it gives where the file gives it on: a shorthand property and an export without an alias',
      before: { 'clock.js': `import { resolution } from 'wasi:clocks/monotonic-clock@0.2.3';
import { makeClock } from './lib.js';

export const clock = makeClock({ resolution });
export const step = resolution();
export { resolution };
`, 'lib.js': `export const makeClock = (c) => ({ tick: () => c.resolution() });
` },
      after: { 'clock.js': `import { getResolution } from 'wasi:clocks/monotonic-clock@0.3.0';
import { makeClock } from './lib.js';

export const clock = makeClock({ resolution: getResolution });
export const step = getResolution();
export { getResolution as resolution };
`, 'lib.js': `export const makeClock = (c) => ({ tick: () => c.resolution() });
` },
    },
    {
      // bprobe10 UNFIXED #4 (capsuleboot's shape with a named import): \`makeFs({ getDirectories })\` handed preopens'
      // function on with no word, as the namespace form was before, though the descriptors it gives changed.
      name: "a function imported by name and handed on (not called) whose result gives resources 0.3 changed (preopens' `getDirectories`: `Descriptor`) is reported where it is handed on; a call of it is not",
      before: { 'fs.js': `import { getDirectories } from 'wasi:filesystem/preopens@0.2.3';
import { makeFs } from './polyfill.js';

export const fs = makeFs({ getDirectories });
export const mounts = getDirectories().map(([, path]) => path);
`, 'polyfill.js': DIRS_POLYFILL },
      after: { 'fs.js': `import { getDirectories } from 'wasi:filesystem/preopens@0.3.0';
import { makeFs } from './polyfill.js';

// wasi-migrate(review): \`getDirectories\` of wasi:filesystem/preopens is handed on here (not called), and what it gives (\`Descriptor\` of wasi:filesystem/types) WASI 0.3 changed (methods async, some renamed or gone): what receives it calls them as 0.2 gave them, which the rewriter does not follow; port that code by hand
export const fs = makeFs({ getDirectories });
export const mounts = getDirectories().map(([, path]) => path);
`, 'polyfill.js': DIRS_POLYFILL },
      reviews: ['`getDirectories` of wasi:filesystem/preopens is handed on here (not called)'],
    },
    {
      // bfix14: \`.bind(...)\` handed the function on, and \`.call\`/\`.apply\` called it, with no word (only a plain hand-on was seen).
      name: "a function whose result gives resources 0.3 changed, bound (`getDirectories.bind(null)`) or called through `.call`/`.apply`, is reported there as a plain hand-on is",
      before: { 'fs.js': `import { getDirectories } from 'wasi:filesystem/preopens@0.2.3';
import { makeFs } from './polyfill.js';

export const fs = makeFs(getDirectories.bind(null));
export const names = getDirectories.call(undefined).map(([, path]) => path);
export const count = getDirectories.apply(undefined, []).length;
`, 'polyfill.js': DIRS_POLYFILL },
      after: { 'fs.js': `import { getDirectories } from 'wasi:filesystem/preopens@0.3.0';
import { makeFs } from './polyfill.js';

// wasi-migrate(review): \`getDirectories\` of wasi:filesystem/preopens is handed on here (not called), and what it gives (\`Descriptor\` of wasi:filesystem/types) WASI 0.3 changed (methods async, some renamed or gone): what receives it calls them as 0.2 gave them, which the rewriter does not follow; port that code by hand
export const fs = makeFs(getDirectories.bind(null));
// wasi-migrate(review): \`getDirectories\` of wasi:filesystem/preopens is called through \`.call(...)\` here, which the rewriter does not take for a call of it, and what it gives (\`Descriptor\` of wasi:filesystem/types) WASI 0.3 changed (methods async, some renamed or gone): the code that uses it is left as 0.2 wrote it; call it directly (\`getDirectories()\`), or port that code by hand
export const names = getDirectories.call(undefined).map(([, path]) => path);
// wasi-migrate(review): \`getDirectories\` of wasi:filesystem/preopens is called through \`.apply(...)\` here, which the rewriter does not take for a call of it, and what it gives (\`Descriptor\` of wasi:filesystem/types) WASI 0.3 changed (methods async, some renamed or gone): the code that uses it is left as 0.2 wrote it; call it directly (\`getDirectories()\`), or port that code by hand
export const count = getDirectories.apply(undefined, []).length;
`, 'polyfill.js': DIRS_POLYFILL },
      reviews: ['`getDirectories` of wasi:filesystem/preopens is handed on here (not called)', '`getDirectories` of wasi:filesystem/preopens is called through `.call(...)`', '`getDirectories` of wasi:filesystem/preopens is called through `.apply(...)`'],
    },
    {
      // bfix14: a marker under \`// eslint-disable-next-line\` became the line the directive speaks of (the statement below
      // it then linted again); TypeScript's \`@ts-ignore\` reads past comment lines, so a marker under it stays there.
      name: 'a review of a statement under a next-line directive of a linter or formatter (`// eslint-disable-next-line`, `/* eslint-disable-next-line */`, `// biome-ignore`, `// prettier-ignore`, with a JSDoc above) goes above the directives; one under `// @ts-ignore` stays below it',
      before: { 'fs.js': `import { getDirectories } from 'wasi:filesystem/preopens@0.2.3';
import { makeFs } from './polyfill.js';

export function mounts() {
  // eslint-disable-next-line no-restricted-syntax
  return makeFs({ getDirectories });
}
/* eslint-disable-next-line */
export const bound = makeFs(getDirectories.bind(null));
/** The file system. */
// biome-ignore lint/style/useNamingConvention: kept
// prettier-ignore
export const FS = makeFs(  getDirectories  );
// @ts-ignore
export const plain = makeFs(getDirectories);
`, 'polyfill.js': DIRS_POLYFILL },
      after: { 'fs.js': `import { getDirectories } from 'wasi:filesystem/preopens@0.3.0';
import { makeFs } from './polyfill.js';

export function mounts() {
  // wasi-migrate(review): \`getDirectories\` of wasi:filesystem/preopens is handed on here (not called), and what it gives (\`Descriptor\` of wasi:filesystem/types) WASI 0.3 changed (methods async, some renamed or gone): what receives it calls them as 0.2 gave them, which the rewriter does not follow; port that code by hand
  // eslint-disable-next-line no-restricted-syntax
  return makeFs({ getDirectories });
}
// wasi-migrate(review): \`getDirectories\` of wasi:filesystem/preopens is handed on here (not called), and what it gives (\`Descriptor\` of wasi:filesystem/types) WASI 0.3 changed (methods async, some renamed or gone): what receives it calls them as 0.2 gave them, which the rewriter does not follow; port that code by hand
/* eslint-disable-next-line */
export const bound = makeFs(getDirectories.bind(null));
// wasi-migrate(review): \`getDirectories\` of wasi:filesystem/preopens is handed on here (not called), and what it gives (\`Descriptor\` of wasi:filesystem/types) WASI 0.3 changed (methods async, some renamed or gone): what receives it calls them as 0.2 gave them, which the rewriter does not follow; port that code by hand
/** The file system. */
// biome-ignore lint/style/useNamingConvention: kept
// prettier-ignore
export const FS = makeFs(  getDirectories  );
// @ts-ignore
// wasi-migrate(review): \`getDirectories\` of wasi:filesystem/preopens is handed on here (not called), and what it gives (\`Descriptor\` of wasi:filesystem/types) WASI 0.3 changed (methods async, some renamed or gone): what receives it calls them as 0.2 gave them, which the rewriter does not follow; port that code by hand
export const plain = makeFs(getDirectories);
`, 'polyfill.js': DIRS_POLYFILL },
      reviews: ['`getDirectories` of wasi:filesystem/preopens is handed on here (not called)', '`getDirectories` of wasi:filesystem/preopens is handed on here (not called)', '`getDirectories` of wasi:filesystem/preopens is handed on here (not called)', '`getDirectories` of wasi:filesystem/preopens is handed on here (not called)'],
    },
    {
      // bfix14: a namespace's function handed on (\`makeFs(preopens.getDirectories)\`, \`.bind(preopens)\`) went with no word
      // when the namespace itself was not handed on whole; \`preopens\` as the \`this\` of its own member's bind is not.
      name: "a function read off a namespace import and handed on (`makeFs(preopens.getDirectories)`, `.bind(preopens)`) whose result gives resources 0.3 changed is reported; a call of it is not",
      before: { 'fs.js': `import * as preopens from 'wasi:filesystem/preopens@0.2.3';
import { makeFs } from './polyfill.js';

export const fs = makeFs(preopens.getDirectories);
export const bound = makeFs(preopens.getDirectories.bind(preopens));
export const mounts = preopens.getDirectories().map(([, path]) => path);
`, 'polyfill.js': DIRS_POLYFILL },
      after: { 'fs.js': `import * as preopens from 'wasi:filesystem/preopens@0.3.0';
import { makeFs } from './polyfill.js';

// wasi-migrate(review): \`preopens.getDirectories\` of wasi:filesystem/preopens is handed on here (not called), and what it gives (\`Descriptor\` of wasi:filesystem/types) WASI 0.3 changed (methods async, some renamed or gone): what receives it calls them as 0.2 gave them, which the rewriter does not follow; port that code by hand
export const fs = makeFs(preopens.getDirectories);
// wasi-migrate(review): \`preopens.getDirectories\` of wasi:filesystem/preopens is handed on here (not called), and what it gives (\`Descriptor\` of wasi:filesystem/types) WASI 0.3 changed (methods async, some renamed or gone): what receives it calls them as 0.2 gave them, which the rewriter does not follow; port that code by hand
export const bound = makeFs(preopens.getDirectories.bind(preopens));
export const mounts = preopens.getDirectories().map(([, path]) => path);
`, 'polyfill.js': DIRS_POLYFILL },
      reviews: ['`preopens.getDirectories` of wasi:filesystem/preopens is handed on here (not called)', '`preopens.getDirectories` of wasi:filesystem/preopens is handed on here (not called)'],
    },
    {
      // wasivirt (a virtual filesystem: \`class Descriptor implements WasiDescriptor\` with sync methods, \`types\` written
      // \`satisfies typeof WasiFilesystemTypes\`): the imports moved to 0.3, which the classes no longer fit (TS2416 on
      // every method), with no review at them.
      name: 'a class implementing a WASI 0.2 resource, and an object written to satisfy a whole 0.2 interface, are reported there: the rewriter ports calls, not implementations',
      before: { 'virt.ts': `import type { Descriptor as WasiDescriptor, DescriptorStat } from 'wasi:filesystem/types@0.2.3';
import type * as WasiTypes from 'wasi:filesystem/types@0.2.3';

class Descriptor implements WasiDescriptor {
  stat(): DescriptorStat {
    throw 'unsupported';
  }
}

export const types = {
  Descriptor,
  filesystemErrorCode: () => undefined,
} satisfies typeof WasiTypes;
` },
      after: { 'virt.ts': `import type { Descriptor as WasiDescriptor, DescriptorStat } from 'wasi:filesystem/types@0.3.0';
import type * as WasiTypes from 'wasi:filesystem/types@0.3.0';

// wasi-migrate(review): \`Descriptor\` implements \`Descriptor\` of wasi:filesystem/types (this code provides the interface, as a host or a virtualization does, rather than calling it), and WASI 0.3 changed that interface (\`DirectoryEntryStream\`, \`filesystemErrorCode\`; its functions async, streams and futures where 0.2 had stream and pollable resources): the rewriter ports calls, not implementations; implement the 0.3 interface by hand, or keep this code at 0.2
class Descriptor implements WasiDescriptor {
  stat(): DescriptorStat {
    throw 'unsupported';
  }
}

// wasi-migrate(review): \`types\` implements the whole interface of wasi:filesystem/types (this code provides the interface, as a host or a virtualization does, rather than calling it), and WASI 0.3 changed that interface (\`DirectoryEntryStream\`, \`filesystemErrorCode\`; its functions async, streams and futures where 0.2 had stream and pollable resources): the rewriter ports calls, not implementations; implement the 0.3 interface by hand, or keep this code at 0.2
export const types = {
  Descriptor,
  filesystemErrorCode: () => undefined,
} satisfies typeof WasiTypes;
` },
      reviews: ['`Descriptor` implements `Descriptor` of wasi:filesystem/types', '`types` implements the whole interface of wasi:filesystem/types'],
    },
    {
      name: "TypeScript: the body of a class implementing a WASI 0.2 type (a virtual stream, wasivirt) is left as it is: its method signatures are the 0.2 interface's and keep their types, not the port's helper types",
      before: { 'impl.ts': `import type { InputStream, OutputStream, Pollable } from 'wasi:io/streams@0.2.3';

export class NullOutput implements OutputStream {
  subscribe(): Pollable {
    throw new Error('unsupported');
  }
  splice(_src: InputStream, _len: bigint): bigint {
    throw new Error('unsupported');
  }
}
` },
      after: { 'impl.ts': `// wasi-migrate(review): wasi:io/streams is gone in WASI 0.3 (wasi:io is gone in 0.3)
// wasi-migrate(review): \`Pollable\` of wasi:io/streams is gone in WASI 0.3 (pollables are gone: async funcs suspend, the host owns the event loop): the code still uses it
// wasi-migrate(review): \`OutputStream\` of wasi:io/streams is gone in WASI 0.3 (pass data: stream<u8>, get future<result<_, error-code>>): the code still uses it
// wasi-migrate(review): \`InputStream\` of wasi:io/streams is gone in WASI 0.3 (stream<u8> plus future<result<_, error-code>> for the outcome): the code still uses it
import type { InputStream, OutputStream, Pollable } from 'wasi:io/streams@0.2.3';

// wasi-migrate(review): \`NullOutput\` implements \`OutputStream\` of wasi:io/streams (this code provides the interface, as a host or a virtualization does, rather than calling it), and WASI 0.3 changed that interface (\`InputStream\`, \`OutputStream\`, \`StreamError\`; its functions async, streams and futures where 0.2 had stream and pollable resources): the rewriter ports calls, not implementations; implement the 0.3 interface by hand, or keep this code at 0.2
export class NullOutput implements OutputStream {
  subscribe(): Pollable {
    throw new Error('unsupported');
  }
  splice(_src: InputStream, _len: bigint): bigint {
    throw new Error('unsupported');
  }
}
` },
      reviews: ["wasi:io/streams is gone in WASI 0.3", "`Pollable` of wasi:io/streams is gone", "`OutputStream` of wasi:io/streams is gone", "`InputStream` of wasi:io/streams is gone", "`NullOutput` implements `OutputStream` of wasi:io/streams"],
    },
    {
      // yasws (wasi:http/types handed whole to an adapter library): the message named the resources and types 0.3 changed
      // in camelCase (`fieldKey`, `futureIncomingResponse`), names the namespace never held (jco's are `FieldKey`, ...).
      name: 'a namespace handed on whole: the changed names in the message are jco\'s (resources and types PascalCase, functions camelCase)',
      before: { 'guest.js': `import * as types from 'wasi:http/types@0.2.3';
import { serve } from './adapter.js';

export const app = serve(types);
`, 'adapter.js': `export const serve = (types) => ({ fields: () => new types.Fields() });
` },
      after: { 'guest.js': `import * as types from 'wasi:http/types@0.3.0';
import { serve } from './adapter.js';

// wasi-migrate(review): \`types\` (all of wasi:http/types) is handed on whole here, and WASI 0.3 changed names of it (\`FieldKey\`, \`FutureIncomingResponse\`, \`FutureTrailers\`, \`httpErrorCode\`, ...): what receives it calls them as 0.2 gave them, which the rewriter does not follow; port that code by hand
export const app = serve(types);
`, 'adapter.js': `export const serve = (types) => ({ fields: () => new types.Fields() });
` },
      reviews: ['changed names of it (`FieldKey`, `FutureIncomingResponse`, `FutureTrailers`, `httpErrorCode`, ...)'],
    },
    {
      name: '`export *` of a WASI 0.2 interface points at 0.3.0; where 0.3 changed names of the interface it hands on, that is reported (the module cannot list them)',
      before: { 'wasi.ts': `export * from 'wasi:random/random@0.2.3';
export * as stdout from 'wasi:cli/stdout@0.2.3';
` },
      after: { 'wasi.ts': `export * from 'wasi:random/random@0.3.0';
// wasi-migrate(review): \`export *\` of wasi:cli/stdout hands on every name of the interface, and WASI 0.3 changed some of them (\`getStdout\`): code that imports them from this module gets the 0.3 ones; port it by hand
export * as stdout from 'wasi:cli/stdout@0.3.0';
` },
      reviews: ['`export *` of wasi:cli/stdout hands on every name'],
    },
    {
      name: "an import that goes takes the `// @ts-ignore` / `// @ts-expect-error` line above it (left, it speaks of the next line; an unused `@ts-expect-error` is an error of its own); a comment that is no directive stays (a real guest listing its preopens)",
      before: { 'guest.ts': `// @ts-ignore
import { getDirectories } from 'wasi:filesystem/preopens@0.2.0'
// @ts-expect-error
import { Pollable } from 'wasi:io/poll@0.2.0'
// types of the shell
import type { Error as StreamError } from 'wasi:io/streams@0.2.0'

export function roots(): string[] {
  return getDirectories().map(([, path]) => path)
}
` },
      after: { 'guest.ts': `// @ts-ignore
import { getDirectories } from 'wasi:filesystem/preopens@0.3.0'
// types of the shell

export function roots(): string[] {
  return getDirectories().map(([, path]) => path)
}
` },
    },
    {
      name: "the blank line after the imports stays when the last import goes, below a header comment and groups of imports with comments (a real runtime that loads user code from a preopen lost it)",
      before: { 'guest.ts': `/** The guest. */

// clocks
import { now } from 'wasi:clocks/monotonic-clock@0.2.3';

// randomness
import { getRandomU64 } from 'wasi:random/random@0.2.3';
import { Pollable } from 'wasi:io/poll@0.2.3';

const seed = getRandomU64();

export function stamp(): bigint {
  return now() + seed;
}
` },
      after: { 'guest.ts': `/** The guest. */

// clocks
import { now } from 'wasi:clocks/monotonic-clock@0.3.0';

// randomness
import { getRandomU64 } from 'wasi:random/random@0.3.0';

const seed = getRandomU64();

export function stamp(): bigint {
  return now() + seed;
}
` },
    },
    {
      name: "a file's JSDoc header above an import written over several lines stays when the import is rewritten (ts-morph's replacement took it, as it took a review marker there; jco's http-hello-world example)",
      before: { 'guest.js': `/**
 * The file's header.
 */

import {
  Fields,
  OutgoingBody,
  OutgoingResponse,
  ResponseOutparam,
} from 'wasi:http/types@0.2.0';

export const incomingHandler = {
  handle(request, responseOut) {
    const response = new OutgoingResponse(new Fields());
    const body = response.body();
    {
      const out = body.write();
      out.blockingWriteAndFlush(new TextEncoder().encode('hi\\n'));
      out[Symbol.dispose]();
    }
    OutgoingBody.finish(body, undefined);
    ResponseOutparam.set(responseOut, { tag: 'ok', val: response });
  },
};
` },
      after: { 'guest.js': `/**
 * The file's header.
 */

import {
  Fields,
  Response,
} from 'wasi:http/types@0.3.0';

export const handler = {
  async handle(request) {
    async function* responseBody() {
      yield* new TextEncoder().encode('hi\\n');
    }
    const [response] = Response.new(new Fields(), responseBody(), Promise.resolve({ tag: 'ok', val: undefined }));
    return response;
  },
};
` },
    },
    {
      name: "an import that goes keeps the file's header comment above it",
      before: `/**
 * The file's header.
 */

import { instanceNetwork } from 'wasi:sockets/instance-network@0.2.3';
import { now } from 'wasi:clocks/wall-clock@0.2.12';

export const t = now();
`,
      after: `/**
 * The file's header.
 */

import { now } from 'wasi:clocks/system-clock@0.3.0';

export const t = now();
`,
    },
    {
      name: "a removed name still in use is left for review",
      before: `import { Pollable } from 'wasi:io/poll@0.2.12';

export function isPollable(x) {
  return x instanceof Pollable;
}
`,
      after: `// wasi-migrate(review): wasi:io/poll is gone in WASI 0.3 (pollables are gone: async funcs suspend, the host owns the event loop)
// wasi-migrate(review): \`Pollable\` of wasi:io/poll is gone in WASI 0.3 (pollables are gone: async funcs suspend, the host owns the event loop): the code still uses it
import { Pollable } from 'wasi:io/poll@0.2.12';

export function isPollable(x) {
  return x instanceof Pollable;
}
`,
      reviews: ["wasi:io/poll is gone in WASI 0.3 (pollables are gone: async ","`Pollable` of wasi:io/poll is gone in WASI 0.3 (pollables ar"],
    },
    {
      // A jco-std writer imported its http types from \`wasi:http/incoming-hander@0.2.4\`: the port pointed it at @0.3.0, no review.
      name: "an interface the WASI API map does not know keeps its import, reported as a misspelt name of a package 0.3.0 releases (notInMap), or as a proposal with no 0.3.0 release (noRelease); its names are left alone",
      before: `import { OutgoingBody, Fields } from 'wasi:http/incoming-hander@0.2.4';
import { get } from 'wasi:keyvalue/store@0.2.0';
import { getRandomBytes } from 'wasi:random/random@0.2.4';

export function f() {
  return [OutgoingBody, Fields, get('x'), getRandomBytes(2n)];
}
`,
      after: `// wasi-migrate(review): \`wasi:http/incoming-hander\` is no WASI 0.2 interface the WASI API map knows (a misspelt name?): the import is left at 0.2.4; port it by hand
import { OutgoingBody, Fields } from 'wasi:http/incoming-hander@0.2.4';
// wasi-migrate(review): \`wasi:keyvalue/store@0.2.0\`: wasi:keyvalue has no 0.3.0 release, so there is nothing to move it to: the import is left as it is; keep it (and mark it \`// wasi-migrate(decided): why\`) or drop it
import { get } from 'wasi:keyvalue/store@0.2.0';
import { getRandomBytes } from 'wasi:random/random@0.3.0';

export function f() {
  return [OutgoingBody, Fields, get('x'), getRandomBytes(2n)];
}
`,
      reviews: ['`wasi:http/incoming-hander` is no WASI 0.2 interface', '`wasi:keyvalue/store@0.2.0`: wasi:keyvalue has no 0.3.0 release'],
    },
    {
      // A fetch adapter's \`import {ResponseOutparam, Fields, OutgoingBody, OutgoingResponse} from ...\` came out \`{..., Request as typesRequest }\`.
      name: "names the port adds to an import written with no spaces inside its braces keep none before the closing brace",
      before: { 'guest.ts': `import type {IncomingRequest} from 'wasi:http/types@0.2.3';
import {Fields} from 'wasi:http/types@0.2.3';

export function parts(incoming: IncomingRequest) {
  return [new Fields(), incoming.pathWithQuery(), incoming.consume()];
}
` },
      after: { 'guest.ts': `import {Fields, Request} from 'wasi:http/types@0.3.0';

export function parts(incoming: Request) {
  return [new Fields(), incoming.getPathWithQuery(), Request.consumeBody(incoming, wasiOk())];
}
` },
      helpers: ['wasiOk'],
    },
    {
      // A jco example importing \`wasi:http/types@0.2.0-rc-2023-11-05\`: "nothing to migrate", exit 0.
      name: "a release candidate of a WASI 0.2 interface is left as it is, reported as a pre-release; a draft of a proposal with no 0.3.0 release as having nothing to move to",
      before: `import { handle } from 'wasi:http/outgoing-handler@0.2.0-rc-2023-11-05';
import { Fields, OutgoingRequest } from 'wasi:http/types@0.2.0-rc-2023-11-05';
import * as config from 'wasi:config/store@0.2.0-draft';

export function start() {
  return [handle(new OutgoingRequest(new Fields())), config.get('url')];
}
`,
      after: `// wasi-migrate(review): \`wasi:http/outgoing-handler@0.2.0-rc-2023-11-05\` is a pre-release of WASI 0.2, which the rewriter does not port (it ports the 0.2.x releases): the import is left as it is; move it to a 0.2 release (its API changed before 0.2.0), or port it by hand
import { handle } from 'wasi:http/outgoing-handler@0.2.0-rc-2023-11-05';
// wasi-migrate(review): \`wasi:http/types@0.2.0-rc-2023-11-05\` is a pre-release of WASI 0.2, which the rewriter does not port (it ports the 0.2.x releases): the import is left as it is; move it to a 0.2 release (its API changed before 0.2.0), or port it by hand
import { Fields, OutgoingRequest } from 'wasi:http/types@0.2.0-rc-2023-11-05';
// wasi-migrate(review): \`wasi:config/store@0.2.0-draft\`: wasi:config has no 0.3.0 release, so there is nothing to move it to: the import is left as it is; keep it (and mark it \`// wasi-migrate(decided): why\`) or drop it
import * as config from 'wasi:config/store@0.2.0-draft';

export function start() {
  return [handle(new OutgoingRequest(new Fields())), config.get('url')];
}
`,
      reviews: ['`wasi:http/outgoing-handler@0.2.0-rc-2023-11-05` is a pre-release of WASI 0.2', '`wasi:http/types@0.2.0-rc-2023-11-05` is a pre-release of WASI 0.2', 'wasi:config has no 0.3.0 release'],
    },
    {
      // componentize-qjs's wasi-stdio example: the WIT moved to 0.3.0, the imports stayed at the rc, and \`migrate --check\` said 0.
      name: "an import of a release candidate of WASI 0.3 is reported (the WIT moves to 0.3.0, jco's bindings then have no such module), left as it is",
      before: `import stdin from 'wasi:cli/stdin@0.3.0-rc-2026-03-15';

export const run = {
  async run() {
    const [input] = stdin.readViaStream();
    for await (const b of input) console.log(b);
  },
};
`,
      after: `// wasi-migrate(review): \`wasi:cli/stdin@0.3.0-rc-2026-03-15\` is a release candidate of WASI 0.3: the WIT moves its references to 0.3.0 (rule release-candidates), so jco's bindings for the migrated world have \`wasi:cli/stdin@0.3.0\`, not this; the import is left as it is: move it to \`@0.3.0\` by hand, with what the final release changed in what it uses
import stdin from 'wasi:cli/stdin@0.3.0-rc-2026-03-15';

export const run = {
  async run() {
    const [input] = stdin.readViaStream();
    for await (const b of input) console.log(b);
  },
};
`,
      reviews: ['`wasi:cli/stdin@0.3.0-rc-2026-03-15` is a release candidate of WASI 0.3'],
    },
    {
      // Left apart, two \`import type\` lines named one specifier (docs/bindings.md: imports of one specifier merge).
      name: "two `import type` lines that name one 0.3 specifier (wasi:sockets/tcp and network moved into types) merge into one, still type-only; a value import of it stays apart",
      before: { 'guest.ts': `import type { TcpSocket } from 'wasi:sockets/tcp@0.2.3';
import type { IpAddressFamily } from 'wasi:sockets/network@0.2.3';
import { UdpSocket } from 'wasi:sockets/udp@0.2.3';

export function isUdp(s: TcpSocket | UdpSocket, family: IpAddressFamily): boolean {
  return s instanceof UdpSocket && family === 'ipv4';
}
` },
      after: { 'guest.ts': `import type { TcpSocket, IpAddressFamily } from 'wasi:sockets/types@0.3.0';
import { UdpSocket } from 'wasi:sockets/types@0.3.0';

export function isUdp(s: TcpSocket | UdpSocket, family: IpAddressFamily): boolean {
  return s instanceof UdpSocket && family === 'ipv4';
}
` },
    },
    {
      // Merged, the reviewed import went and its review with it: \`Network\` left at types@0.3.0 (TS2305) with nothing said.
      name: "an import reviewed (a name gone in 0.3) stays its own line, its marker above it, where another import of its 0.3 specifier would merge with it",
      before: { 'guest.ts': `import type { TcpSocket } from 'wasi:sockets/tcp@0.2.3';
import type { Network } from 'wasi:sockets/network@0.2.3';

export function keep(socket: TcpSocket, net: Network): [TcpSocket, Network] {
  return [socket, net];
}
` },
      after: { 'guest.ts': `import type { TcpSocket } from 'wasi:sockets/types@0.3.0';
// wasi-migrate(review): \`Network\` of wasi:sockets/network is gone in WASI 0.3 (0.3.0 has no network resource): the code still uses it
import type { Network } from 'wasi:sockets/types@0.3.0';

export function keep(socket: TcpSocket, net: Network): [TcpSocket, Network] {
  return [socket, net];
}
` },
      reviews: ['`Network` of wasi:sockets/network is gone in WASI 0.3'],
    },
    {
      // A real network adapter's imports (network first, then tcp and udp): one line, as before the guard above.
      name: "a reviewed import first of its 0.3 specifier takes the later ones in, its marker above them all",
      before: { 'guest.ts': `import type { Network } from 'wasi:sockets/network@0.2.3';
import type { TcpSocket } from 'wasi:sockets/tcp@0.2.3';

export function keep(socket: TcpSocket, net: Network): [TcpSocket, Network] {
  return [socket, net];
}
` },
      after: { 'guest.ts': `// wasi-migrate(review): \`Network\` of wasi:sockets/network is gone in WASI 0.3 (0.3.0 has no network resource): the code still uses it
import type { Network, TcpSocket } from 'wasi:sockets/types@0.3.0';

export function keep(socket: TcpSocket, net: Network): [TcpSocket, Network] {
  return [socket, net];
}
` },
      reviews: ['`Network` of wasi:sockets/network is gone in WASI 0.3'],
    },
    {
      // Merged, the comment stayed behind above the blank line, speaking of nothing.
      name: "an import with a comment above it stays its own line under its comment, where another import of its 0.3 specifier would merge with it",
      before: { 'guest.ts': `import type { TcpSocket } from 'wasi:sockets/tcp@0.2.3';
// the peer's address family
import type { IpAddressFamily } from 'wasi:sockets/network@0.2.3';

export function family(s: TcpSocket): IpAddressFamily {
  return s.addressFamily();
}
` },
      after: { 'guest.ts': `import type { TcpSocket } from 'wasi:sockets/types@0.3.0';
// the peer's address family
import type { IpAddressFamily } from 'wasi:sockets/types@0.3.0';

export function family(s: TcpSocket): IpAddressFamily {
  return s.getAddressFamily();
}
` },
    },
    {
      // jco's http-server-hono-with-bindings example: its middlewares of jco-std's 0.2 build were left with nothing said.
      name: "an import of a package's build for WASI 0.2 (a `wasi/0.2.x` folder in its path, as jco-std's hono middlewares) is reported, also in a file that imports nothing from WASI; a relative path of that shape is the project's own",
      before: { 'app.ts': `import { Hono } from 'hono';
import { fire, buildLogger } from '@bytecodealliance/jco-std/wasi/0.2.x/http/adapters/hono/server';
import { wasiEnvMiddleware, type WasiEnvHelper } from '@bytecodealliance/jco-std/wasi/0.2.6/http/adapters/hono/middleware/env';
import { routes } from './wasi/0.2.x/routes.js';

const app = new Hono();
app.use(buildLogger(), wasiEnvMiddleware(), routes);
fire(app);
export type Env = WasiEnvHelper;
` },
      after: { 'app.ts': `import { Hono } from 'hono';
// wasi-migrate(review): @bytecodealliance/jco-std/wasi/0.2.x/http/adapters/hono/server is a build of its library for WASI 0.2.x (\`fire\` and \`buildLogger\`: made for WASI 0.2, calling it inside the library), while the port moves the component to WASI 0.3: import the library's 0.3 build, if it has one, or port this by hand
import { fire, buildLogger } from '@bytecodealliance/jco-std/wasi/0.2.x/http/adapters/hono/server';
// wasi-migrate(review): @bytecodealliance/jco-std/wasi/0.2.6/http/adapters/hono/middleware/env is a build of its library for WASI 0.2.6 (\`wasiEnvMiddleware\` and \`WasiEnvHelper\`: made for WASI 0.2, calling it inside the library), while the port moves the component to WASI 0.3: import the library's 0.3 build, if it has one, or port this by hand
import { wasiEnvMiddleware, type WasiEnvHelper } from '@bytecodealliance/jco-std/wasi/0.2.6/http/adapters/hono/middleware/env';
import { routes } from './wasi/0.2.x/routes.js';

const app = new Hono();
app.use(buildLogger(), wasiEnvMiddleware(), routes);
fire(app);
export type Env = WasiEnvHelper;
` },
      reviews: ['@bytecodealliance/jco-std/wasi/0.2.x/http/adapters/hono/server is a build of its library for WASI 0.2.x', '@bytecodealliance/jco-std/wasi/0.2.6/http/adapters/hono/middleware/env is a build of its library for WASI 0.2.6'],
    },
    {
      // jco-std's src/wasi/0.2.3/http/types/response.ts (found by helper-83) hands its 0.2 classes to its 0.2.x build's helper.
      name: "a relative import out of the build folder the file sits in (`0.2.3`) into a 0.2 build beside it (`../../0.2.x/...`, jco-std's builds calling each other) is reported as a package's build for WASI 0.2; one into the file's own folders is the project's own",
      before: {
        'src/wasi/0.2.3/http/response.js': `import { Fields } from 'wasi:http/types@0.2.3';
import { genWrite } from '../../0.2.x/http/response.js';
import { encode } from './0.2.x/encode.js';

export function writeResponse(resp, out) {
  return genWrite({ Fields, encode })(resp, out);
}
`,
        'src/wasi/0.2.3/http/0.2.x/encode.js': `export const encode = (s) => new TextEncoder().encode(s);
`,
      },
      after: {
        'src/wasi/0.2.3/http/response.js': `import { Fields } from 'wasi:http/types@0.3.0';
// wasi-migrate(review): ../../0.2.x/http/response.js is a build of its library for WASI 0.2.x (\`genWrite\`: made for WASI 0.2, calling it inside the library), while the port moves the component to WASI 0.3: import the library's 0.3 build, if it has one, or port this by hand
import { genWrite } from '../../0.2.x/http/response.js';
import { encode } from './0.2.x/encode.js';

export function writeResponse(resp, out) {
  return genWrite({ Fields, encode })(resp, out);
}
`,
        'src/wasi/0.2.3/http/0.2.x/encode.js': `export const encode = (s) => new TextEncoder().encode(s);
`,
      },
      reviews: ['../../0.2.x/http/response.js is a build of its library for WASI 0.2.x'],
    },
    {
      name: "moved interfaces and renamed functions",
      before: `import { now, resolution } from 'wasi:clocks/wall-clock@0.2.12';
import { getEnvironment, initialCwd } from 'wasi:cli/environment@0.2.12';

export function info() {
  return { at: now(), res: resolution(), cwd: initialCwd(), env: getEnvironment().length };
}
`,
      after: `// wasi-migrate(review): \`resolution\` of wasi:clocks/wall-clock became wasi:clocks/system-clock.get-resolution (returns a duration): the code still uses the 0.2 shape
import { now, resolution } from 'wasi:clocks/system-clock@0.3.0';
import { getEnvironment, getInitialCwd } from 'wasi:cli/environment@0.3.0';

export function info() {
  return { at: now(), res: resolution(), cwd: getInitialCwd(), env: getEnvironment().length };
}
`,
      reviews: ["`resolution` of wasi:clocks/wall-clock became wasi:clocks/sy"],
    },
    {
      // A real http guest's \`import {\n  getRandomBytes\n} from 'wasi:random/random@0.2.3'\` got \`getRandomBytes,\`.
      name: "an import written over several lines with no comma after its last name keeps none, the import unchanged but for its version and an interface renamed",
      before: `import {
  getRandomBytes
} from 'wasi:random/random@0.2.3';
import {
  now
} from 'wasi:clocks/wall-clock@0.2.3';

export const stamp = () => [getRandomBytes(8n), now()];
`,
      after: `import {
  getRandomBytes
} from 'wasi:random/random@0.3.0';
import {
  now
} from 'wasi:clocks/system-clock@0.3.0';

export const stamp = () => [getRandomBytes(8n), now()];
`,
    },
    {
      // A real unit's one single-quoted import, among double-quoted ones: only its version changed, yet it came out
      // double-quoted (/tmp/s41/bprobe5/unfixed/spec-quote.ts).
      name: "a WASI specifier the file wrote in its own quote keeps it when only its version changes, in a file whose other imports use the other quote",
      before: `import { getRandomBytes } from 'wasi:random/random@0.2.3'
import { getEnvironment } from "wasi:cli/environment@0.2.3"
import { exit } from "wasi:cli/exit@0.2.3"

export const token = () => [getRandomBytes(8n), getEnvironment().length, exit]
`,
      after: `import { getRandomBytes } from 'wasi:random/random@0.3.0'
import { getEnvironment } from "wasi:cli/environment@0.3.0"
import { exit } from "wasi:cli/exit@0.3.0"

export const token = () => [getRandomBytes(8n), getEnvironment().length, exit]
`,
    },
    {
      name: 'a member of a namespace import the map renames is renamed at its uses, as a named import is',
      before: `import * as env from 'wasi:cli/environment@0.2.3';

export function info() {
  return { cwd: env.initialCwd(), vars: env.getEnvironment().length };
}
`,
      after: `import * as env from 'wasi:cli/environment@0.3.0';

export function info() {
  return { cwd: env.getInitialCwd(), vars: env.getEnvironment().length };
}
`,
    },
    {
      // A componentize-qjs guest imports each interface as its module's default export (`import stdin from
      // 'wasi:cli/stdin@0.2.10'`) and calls `stdin.getStdin()`: the specifier went to 0.3.0 with nothing said.
      name: 'a member of a default import (read as the namespace) that 0.3 reshaped is reported, as its named import is',
      before: `import stdin from 'wasi:cli/stdin@0.2.10';

export function input() {
  return stdin.getStdin();
}
`,
      after: `// wasi-migrate(review): \`getStdin\` of wasi:cli/stdin became wasi:cli/stdin.read-via-stream (returns tuple<stream<u8>, future<result<_, error-code>>>): the code still uses the 0.2 shape
// wasi-migrate(review): a WASI interface read as its module's default export (\`stdin\` of wasi:cli/stdin), as componentize-qjs guests import it: jco's bindings have no default export, and the port writes jco's 0.3 shapes (\`stream<u8>\` as an \`AsyncIterable<number>\`, results as \`{ tag, val }\`), where componentize-qjs has its own (results thrown, \`stream<u8>\` as \`Uint8Array\` chunks): check each ported call against the 0.3 bindings of the toolchain that builds this component
import stdin from 'wasi:cli/stdin@0.3.0';

export function input() {
  return stdin.getStdin();
}
`,
      reviews: ["`getStdin` of wasi:cli/stdin became wasi:cli/stdin.read-via-", "a WASI interface read as its module's default export (`stdin` of wasi:cli/stdin)"],
    },
    {
      // A componentize-qjs guest's ported calls are jco's shapes, which componentize-qjs's 0.3 bindings are not.
      name: 'default imports of WASI interfaces (componentize-qjs\'s shape) whose calls the port rewrites get one marker naming them all (they were ported with nothing said)',
      before: `import stdout from 'wasi:cli/stdout@0.2.3';
import random from 'wasi:random/random@0.2.3';

export function hello() {
  const out = stdout.getStdout();
  out.blockingWriteAndFlush(new TextEncoder().encode(\`hi \${random.getRandomU64()}\\n\`));
}
`,
      after: `// wasi-migrate(review): a WASI interface read as its module's default export (\`stdout\` of wasi:cli/stdout, \`random\` of wasi:random/random), as componentize-qjs guests import it: jco's bindings have no default export, and the port writes jco's 0.3 shapes (\`stream<u8>\` as an \`AsyncIterable<number>\`, results as \`{ tag, val }\`), where componentize-qjs has its own (results thrown, \`stream<u8>\` as \`Uint8Array\` chunks): check each ported call against the 0.3 bindings of the toolchain that builds this component
import stdout from 'wasi:cli/stdout@0.3.0';
import random from 'wasi:random/random@0.3.0';

export async function hello() {
  const out = wasiSink(stdout.writeViaStream);
  await out.write(new TextEncoder().encode(\`hi \${random.getRandomU64()}\\n\`));
  await out.close();
}
`,
      helpers: ['wasiSink'],
      reviews: ["a WASI interface read as its module's default export (`stdout` of wasi:cli/stdout, `random` of wasi:random/random)"],
    },
    {
      name: "a local that shadows an imported name (`const handle = getStdin()` in a file importing outgoing-handler's `handle`) is not a use of the import: the import is ported, not reported; the local's wait-then-read becomes `wasiRead`",
      before: { 'guest.js': `import { getStdin } from 'wasi:cli/stdin@0.2.3';
import { handle } from 'wasi:http/outgoing-handler@0.2.3';

export function input() {
  const handle = getStdin();
  handle.subscribe().block();
  return handle.read(64n);
}

export function lookup(request) {
  return handle(request, undefined);
}
` },
      after: { 'guest.js': `import { readViaStream } from 'wasi:cli/stdin@0.3.0';
import { send } from 'wasi:http/client@0.3.0';

export async function input() {
  const handle = readViaStream();
  // wasi-migrate(review): one read where 0.2 gave what had arrived together (up to n bytes): the 0.3 stream may give it apart, so \`wasiRead\` may return fewer bytes than the 0.2 read did; read on to your protocol's delimiter or length
  return await wasiRead(handle, 64n);
}

export function lookup(request) {
  return send(request);
}
` },
      helpers: ["wasiRead"],
      reviews: ["one read where 0.2 gave what had arrived together (up to n b"],
    },
    {
      // trailbase's js-wasm-guest runtime.js imports getRandomBytes as `_` and never calls it (it pulls wasi:random
      // into the world); the port deleted it as unused. A name the port left unused still goes (other cases).
      name: 'an import the file did not use before the port is the author\'s: it stays, at 0.3.0',
      before: `import { getRandomBytes as _ } from 'wasi:random/random@0.2.3';
import { getDirectories } from 'wasi:filesystem/preopens@0.2.3';

export function roots() {
  return getDirectories().map(([, p]) => p);
}
`,
      after: `import { getRandomBytes as _ } from 'wasi:random/random@0.3.0';
import { getDirectories } from 'wasi:filesystem/preopens@0.3.0';

export function roots() {
  return getDirectories().map(([, p]) => p);
}
`,
    },
    {
      name: "a type renamed with no note (`Instant` of wasi:clocks/monotonic-clock, `mark` in 0.3) still imported: reported (the message used to say the 0.2 shape, which did not change)",
      before: {
        'timing.ts': `import { now, type Instant } from 'wasi:clocks/monotonic-clock@0.2.3';

export function elapsedSince(start: Instant): bigint {
  return now() - start;
}
`,
      },
      after: {
        'timing.ts': `// wasi-migrate(review): \`Instant\` of wasi:clocks/monotonic-clock became wasi:clocks/monotonic-clock.mark: the code still imports the 0.2 name, which 0.3 does not export; import the 0.3 one
import { now, type Instant } from 'wasi:clocks/monotonic-clock@0.3.0';

export function elapsedSince(start: Instant): bigint {
  return now() - start;
}
`,
      },
      reviews: ["`Instant` of wasi:clocks/monotonic-clock became wasi:clocks/monotonic-"],
    },
  ],
};
export default transform;
