/**
 * The code rewriter: runs every transform over every source file of a
 * project that imports `wasi:*@0.2.x`, then makes functions that now await
 * `async` and awaits their callers up the call graph, then adds the inline
 * helpers transforms asked for. Library entry point: `migrateCode(files)`
 * (pure: text in, changes out; the benchmark and the CLI both call it).
 */
import { diffLines } from 'diff';
import { fileStyle, inFileStyle, styleOf, withLineEnds } from './restyle.js';
import { IndentationText, Node, Project, QuoteKind, ScriptTarget, ModuleKind, ModuleResolutionKind, type SourceFile, type ts } from 'ts-morph';
import type { EditRecord, FileChange, ReviewRecord } from '../../migrate/engine.js';
import { MARKER, lineOf, lineStart } from '../../migrate/edits.js';
import type { CodeTransform, FileContext } from './types.js';
import { WasiImports, filesWithPendingImports, nameTwinsByInterface, writePendingImports } from './wasi-imports.js';
import { findStreamParams } from './stream-params.js';
import { transforms as allTransforms } from './index.js';
import { exportsOfFile, JS_EXPORT_OF, unreadExportsOfFile, type AsyncExport, type SyncExport } from './world-exports.js';
import { asyncCallers, awaitAcross } from './async-callers.js';
import { helpersAppendix, addHelpersToModule, isHelperModule, isTypeScript } from './helpers.js';
import { bareImportLists, blankAfterImports, importsLeftAsIs, importTypes02, keepBlankAfterImports, reexports02, tidyImports } from './transforms/specifiers.js';
import wasiByName, { callsPreview2Shim, reachesWasiByName } from './transforms/wasi-by-name.js';
import httpHandler, { exportsLibraryHandler, fetchListenersBeside } from './transforms/http-handler.js';
import { exportedObjects, NEXT_LINE_DIRECTIVE } from './util.js';
import { indentFromOwnTree } from './indentation.js';
import { HeapWatch } from './heap.js';
import { EditBatch } from './edit-batch.js';
import { byCodeUnit } from '../../util/order.js';
import { fillMessage, type MessageData } from '../../util/messages.js';

export interface CodeResult {
  /** Only files whose text changes. */
  readonly changes: FileChange[];
  readonly edits: EditRecord[];
  readonly reviews: ReviewRecord[];
  /** Every file after the run (changed or not). */
  readonly files: Record<string, string>;
  /** WIT exports declared sync that the port made async, each in the one world its file can implement. */
  readonly asyncExports: AsyncExport[];
}

const SOURCE = /\.(?:[cm]?[jt]s|[jt]sx)$/;

/** Files the rewriter looks at: sources, not declaration files (those are the declarations pass's). */
export function isCodeFile(p: string): boolean {
  return SOURCE.test(p) && !/\.d\.[cm]?ts$/.test(p);
}

function createProject(files: Readonly<Record<string, string>>): Project {
  const project = new Project({
    useInMemoryFileSystem: true,
    skipLoadingLibFiles: true,
    manipulationSettings: { indentationText: IndentationText.TwoSpaces, quoteKind: QuoteKind.Single },
    compilerOptions: { allowJs: true, checkJs: false, target: ScriptTarget.ES2022, module: ModuleKind.NodeNext, moduleResolution: ModuleResolutionKind.NodeNext, noLib: true },
  });
  indentFromOwnTree(project);
  for (const [p, text] of Object.entries(files)) if (isCodeFile(p)) project.createSourceFile(`/${p}`, text, { overwrite: true });
  return project;
}

interface Pending {
  transform: string;
  file: string;
  line: number;
  text: string;
  /** A review's message id and data (CodeTransform.messages). */
  messageId?: string;
  data?: MessageData;
}

/** The text of transform `t`'s message `messageId` filled with `data`; an id `t` does not declare is a bug in `t`. */
export function messageOf(t: Pick<CodeTransform, 'id' | 'messages'>, messageId: string, data?: MessageData): string {
  const template = t.messages?.[messageId];
  if (template === undefined) throw new Error(`${t.id} has no review message \`${messageId}\``);
  return fillMessage(template, data);
}

/** Line numbers recorded against `before` moved to where those lines are in `after`. */
function moveLines(lists: readonly Pending[][], file: string, before: string, after: string): void {
  // No line to move: no diff to compute (it was ~2% of the bench project's rewrite); one diff for the edits and reviews both.
  const items = lists.flat();
  if (before === after || !items.some((it) => it.file === file && it.line > 0)) return;
  const parts = diffLines(before, after);
  const map = (line: number): number => {
    let oldLine = 1;
    let newLine = 1;
    for (const p of parts) {
      const n = p.count ?? 0;
      if (p.added) {
        newLine += n;
        continue;
      }
      if (p.removed) {
        if (line < oldLine + n) return newLine;
        oldLine += n;
        continue;
      }
      if (line < oldLine + n) return newLine + (line - oldLine);
      oldLine += n;
      newLine += n;
    }
    return newLine;
  };
  for (const it of items) if (it.file === file && it.line > 0) it.line = map(it.line);
}


export interface CodeOptions {
  /** Transforms to run (default: all, in pipeline order). */
  readonly transforms?: readonly CodeTransform[];
  /** The worlds' sync exports (world-exports.ts), so a port that must make one async says so (or changes the WIT). */
  readonly syncExports?: readonly SyncExport[];
  /**
   * The project bundles its modules (project-files.ts `bundles`): the helpers
   * the port needs go in one module of the project, imported where used, and
   * not inline in each file. `ext`: what a relative import of a TypeScript
   * module ends with there.
   */
  readonly helperModule?: { readonly ext: '' | '.js' };
  /**
   * No WIT beside the code (no `wit/` folder, none given): an export the port
   * makes async cannot be checked against a world, so it is reported.
   */
  readonly noWit?: boolean;
  /** The run changes the WIT too (`migrate`): review messages say the sync exports the port makes async become `async func`s. */
  readonly changesWit?: boolean;
  /**
   * The WASI interfaces the project's worlds export (world-exports.ts
   * `wasiExportsOf`, `wasi:cli/run`): a module exporting jco's object for one
   * (`run`, `incomingHandler`) implements it and is ported (cli-run,
   * http-handler) though it imports nothing from WASI.
   */
  readonly wasiExports?: ReadonlySet<string>;
  /**
   * Those of wasiExports a world exports at a 0.2 version (world-exports.ts
   * `wasiExports02Of`): the export there is 0.2's shape for certain, which a
   * transform may report where it cannot port it; one exported at 0.3.0 is not.
   */
  readonly wasiExports02?: ReadonlySet<string>;
  /**
   * The project's compiler options (its tsconfig.json, project-files.ts
   * `tsconfigOptions`): checks against jco's types see the lib it sees.
   * None: no tsconfig, those checks use their own (jco-02-check.ts).
   */
  readonly compilerOptions?: ts.CompilerOptions;
}

/** Whether the module exports one of `names`: an object literal (util `exportedObjects`), any other exported variable, or by an export list (a re-export too). */
function exportsAny(sf: SourceFile, names: ReadonlySet<string>): boolean {
  if (!names.size) return false;
  return (
    [...exportedObjects(sf).keys()].some((n) => names.has(n)) ||
    // Held by no object literal too (`export const incomingHandler = new Hello()`): http-handler reports that one.
    sf.getVariableStatements().some((st) => st.isExported() && st.getDeclarations().some((d) => names.has(d.getName()))) ||
    // No shape of jco's object at all (\`export function run() {}\`): cli-run reports that one.
    sf.getFunctions().some((f) => f.isNamedExport() && names.has(f.getName() ?? '')) ||
    sf.getExportDeclarations().some((ed) => ed.getNamedExports().some((n) => names.has(n.getAliasNode()?.getText() ?? n.getName())))
  );
}

export function migrateCode(files: Readonly<Record<string, string>>, opts: CodeOptions = {}): CodeResult {
  const project = createProject(files);
  const transforms = opts.transforms ?? allTransforms;
  // Per file: a text change moves the lines of that file's records only.
  const edits = new Map<string, Pending[]>();
  const reviews = new Map<string, Pending[]>();
  const add = (m: Map<string, Pending[]>, p: Pending) => {
    let list = m.get(p.file);
    if (!list) m.set(p.file, (list = []));
    list.push(p);
  };
  const touched = new Map<string, Set<string>>();
  const asyncExports = new Map<string, AsyncExport>();
  // The sync exports each file may implement, from the packages it imports from as it was (`wasi:http`): read once per file, before any transform.
  const packagesOf = new Map(project.getSourceFiles().map((f) => [f, new Set(new WasiImports(f).specifiers.map((spec) => spec.replace(/\/.*$/, '')))] as const));
  const exportsOf = new Map([...packagesOf].map(([f, p]) => [f, exportsOfFile(opts.syncExports ?? [], p)] as const));
  const unreadOf = new Map([...packagesOf].map(([f, p]) => [f, unreadExportsOfFile(opts.syncExports ?? [], p)] as const));
  const helpers = new Map<string, Set<string>>();
  const touch = (file: string, t: string) => {
    let s = touched.get(file);
    if (!s) touched.set(file, (s = new Set()));
    s.add(t);
  };
  // jco's export names of the WASI interfaces the worlds export (`run`): a module exporting one implements that interface.
  const wasiExportNames = new Set([...(opts.wasiExports ?? [])].flatMap((i) => JS_EXPORT_OF[i] ?? []));
  // Parameters holding a 0.2 stream, found before any edit; their modules are ported though they import nothing from WASI.
  const streams = findStreamParams(project);
  // Host code on jco's 0.2 host (preview2-shim) is only reported, whatever else it holds: no transform ports it (its
  // streams are the host's 0.2 ones), and no await reaches into it.
  const shimHosts = transforms.includes(wasiByName) ? project.getSourceFiles().filter((sf) => callsPreview2Shim(sf)) : [];
  const hosts = new Set(shimHosts);
  const on02 = new Set(project.getSourceFiles().filter((sf) => new WasiImports(sf).has02));
  // With no WIT beside the code, a module exporting jco's \`run\` object in a project on WASI 0.2 is its command's (cli-run).
  const bareRun = opts.noWit && on02.size ? new Set(['run']) : undefined;
  const targets = project
    .getSourceFiles()
    .filter((sf) => !hosts.has(sf) && (on02.has(sf) || (bareRun && exportsAny(sf, bareRun)) || streams.files.has(sf.getFilePath()) || reachesWasiByName(sf) || exportsAny(sf, wasiExportNames) || exportsLibraryHandler(sf) || importsLeftAsIs(sf) || reexports02(sf).length > 0 || importTypes02(sf).length > 0));

  const pathOf = (sf: SourceFile) => sf.getFilePath().slice(1);
  // The text of every file as the last transform left it: a transform compares against it, no re-reading of the project.
  const lastText = new Map(project.getSourceFiles().map((f) => [f, f.getFullText()] as const));
  // Whether each file's imports end with a blank line, as written: removing the last import takes it (specifiers.ts).
  const blankAfter = new Map(project.getSourceFiles().map((f) => [f, blankAfterImports(f)] as const));
  const bareLists = new Map(project.getSourceFiles().map((f) => [f, bareImportLists(f)] as const));
  /**
   * Runs one transform on `sf`; returns the files whose text it changed.
   * `readsWasi`: the transform may read `ctx.wasi`, built before it runs;
   * the steps that never read it (the async pass, the import tidying, the
   * helpers) do not pay for it on every run.
   */
  const runOn = (sf: SourceFile, t: Pick<CodeTransform, 'id' | 'apply' | 'messages'>, readsWasi = true): Set<SourceFile> => {
    const path = pathOf(sf);
    const myEdits: { node: Node; note: string; line: number; file: SourceFile }[] = [];
    // The statement's text too: a later edit in the same transform may forget the node, the text still finds the place;
    // and the statements that hold it, for when that text is gone too.
    const myReviews: { node: Node; message: string; messageId: string; data?: MessageData; file: SourceFile; stmt: string; holders: Node[] }[] = [];
    const lineEdits: { line: number; note: string }[] = [];
    let wasi = readsWasi ? new WasiImports(sf) : undefined;
    const ctx: FileContext = {
      project,
      file: sf,
      get wasi() {
        return (wasi ??= new WasiImports(sf));
      },
      transform: t.id,
      original: files[path] ?? '',
      syncExportsOf: (f) => exportsOf.get(f) ?? new Map(),
      unreadExportsOf: (f) => unreadOf.get(f) ?? new Map(),
      streams,
      changesWit: opts.changesWit ?? false,
      noWit: opts.noWit ?? false,
      withWit: opts.syncExports !== undefined && !opts.noWit,
      projectOn02: on02.size > 0,
      wasiExports: opts.wasiExports ?? new Set(),
      wasiExports02: opts.wasiExports02 ?? new Set(),
      compilerOptions: opts.compilerOptions,
      exportTurnsAsync: (world, wit) => asyncExports.set(`${world}\0${wit}`, { world, wit }),
      edit: (node, note) => myEdits.push({ node, note, line: node.wasForgotten() ? 0 : node.getStartLineNumber(), file: node.getSourceFile() }),
      editLine: (line, note) => lineEdits.push({ line, note }),
      review: (node, messageId, data) =>
        myReviews.push({ node, message: messageOf(t, messageId, data), messageId, ...(data ? { data } : {}), file: node.getSourceFile(), stmt: statementOf(node).getText(), holders: statementsHolding(node) }),
      needHelper: (name) => {
        let s = helpers.get(path);
        if (!s) helpers.set(path, (s = new Set()));
        s.add(name);
      },
    };
    t.apply(ctx);
    const editLines = [...myEdits.map((e) => ({ ...e, line: e.node.wasForgotten() ? e.line : e.node.getStartLineNumber() })), ...lineEdits.map((e) => ({ ...e, file: sf }))];
    // Markers go in after the transform is done (inserting text forgets nodes).
    const marks: { file: SourceFile; pos: number; text: string; line: string; message: string; messageId: string; data?: MessageData }[] = [];
    for (const r of myReviews) {
      const file = r.file;
      const full = file.getFullText();
      const start = reviewPlace(r, full);
      const line = `${MARKER} ${r.message.replace(/\s*\n\s*/g, ' ')}`;
      const lineStart = full.lastIndexOf("\n", start - 1) + 1;
      const indent = full.slice(lineStart, start).match(/^\s*/)![0];
      // A second run over our own output must not stack markers: look at the marker lines right above.
      const above = full.slice(0, lineStart).split('\n').slice(0, -1).reverse();
      const existing = [];
      for (const l of above) {
        if (!l.trim().startsWith(MARKER)) break;
        existing.push(l.trim());
      }
      if (existing.includes(line.trim()) || marks.some((m) => m.file === file && m.pos === lineStart && m.text.includes(line))) continue;
      marks.push({ file, pos: lineStart, text: `${indent}${line}\n`, line, message: r.message, messageId: r.messageId, ...(r.data ? { data: r.data } : {}) });
    }
    // Transforms edit `sf`, and the async pass also the files of its edits (callers awaited across files).
    const candidates = new Set<SourceFile>([sf, ...myEdits.map((e) => e.file), ...marks.map((m) => m.file)]);
    const mids = new Map([...candidates].map((f) => [f, f.getFullText()] as const));
    marks.sort((a, b) => b.pos - a.pos);
    insertMarkers(marks);
    const changed = new Set<SourceFile>();
    // A file whose text changed since the last look: the lines of its earlier records follow the change.
    const settle = (f: SourceFile) => {
      const was = lastText.get(f) ?? '';
      const now = f.getFullText();
      if (was === now) return;
      changed.add(f);
      lastText.set(f, now);
      moveLines([edits.get(pathOf(f)) ?? [], reviews.get(pathOf(f)) ?? []], pathOf(f), was, now);
    };
    for (const f of candidates) settle(f);
    for (const e of editLines) {
      const mid = mids.get(e.file) ?? '';
      const shift = marks.filter((m) => m.file === e.file && m.pos <= lineStart(mid, e.line)).length;
      add(edits, { transform: t.id, file: pathOf(e.file), line: e.line + shift, text: e.note });
      touch(pathOf(e.file), t.id);
    }
    // Where each marker is now: markers went in from the last position back, so each one moved by the text of
    // the markers inserted after it in its file (two reviews with one message are two lines, not the first twice).
    marks.forEach((m, i) => {
      const at = m.pos + marks.slice(i + 1).reduce((n, k) => n + (k.file === m.file ? k.text.length : 0), 0);
      add(reviews, { transform: t.id, file: pathOf(m.file), line: lineOf(lastText.get(m.file)!, at), text: m.message, messageId: m.messageId, ...(m.data ? { data: m.data } : {}) });
      touch(pathOf(m.file), t.id);
    });
    // The names the transform imported go in last, one replacement per declaration (ensureImport), once the file's
    // records are placed and its node wrappers let go: ts-morph re-maps every live wrapper on an edit.
    for (const f of filesWithPendingImports(project)) {
      f.forgetDescendants();
      writePendingImports(f);
      settle(f);
    }
    return changed;
  };

  // A module ported for its WASI 0.2 imports, and the modules that may register a fetch-event listener importing nothing
  // from WASI: http-handler reports a listener in a ported file, the project's step after the files one beside it.
  const ported = targets.find((sf) => new WasiImports(sf).has02);
  const listening = project.getSourceFiles().filter((sf) => sf.getFullText().includes('addEventListener') && !new WasiImports(sf).specifiers.length);
  // A file that hands a stream parameter its value ports that value, whatever words it holds.
  const handing = new Set(targets.filter((sf) => streams.handedIn(sf).length));
  const heap = new HeapWatch();
  /** Inline helpers for the end of each file, added to its text when the run is done. */
  const appended = new Map<SourceFile, string>();
  for (const sf of targets) {
    heap.check();
    // What a transform inserts follows the file's own style: its indentation and its quotes.
    project.manipulationSettings.set(styleOf(sf.getFullText()));
    for (const t of transforms) {
      if (t.mentions && !handing.has(sf) && !t.mentions.some((w) => sf.getFullText().includes(w))) continue;
      runOn(sf, t);
      // Every edit re-parses the file and re-maps each node wrapper still alive onto the new tree:
      // the next transform starts with none (children before parents, so each parent's count stays true).
      // (Keeping them after a transform that made no edit was tried twice: no gain past the noise.)
      sf.forgetDescendants();
    }
    runOn(sf, { id: 'bindings/specifiers', apply: () => {
      nameTwinsByInterface(sf, files[pathOf(sf)] ?? '');
      tidyImports(sf, bareLists.get(sf));
      keepBlankAfterImports(sf, blankAfter.get(sf) ?? false);
    } }, false);
  }
  for (const sf of shimHosts) {
    project.manipulationSettings.set(styleOf(sf.getFullText()));
    runOn(sf, wasiByName);
    sf.forgetDescendants();
  }
  if (ported && listening.length && transforms.includes(httpHandler)) {
    runOn(ported, { id: httpHandler.id, messages: httpHandler.messages, apply: (ctx) => fetchListenersBeside(ctx, listening, pathOf(ported)) }, false);
  }
  // Awaits ripple across files, up the call graph: one pass over the project (async-callers.ts).
  if (targets.length) {
    heap.check();
    runOn(targets[0]!, { id: asyncCallers.id, messages: asyncCallers.messages, apply: (ctx) => awaitAcross(ctx, targets) }, false);
    const wanting = targets.filter((sf) => helpers.get(pathOf(sf))?.size);
    const module = opts.helperModule && helperModuleFor(project, wanting.map(pathOf));
    for (const sf of wanting) {
      const want = [...helpers.get(pathOf(sf))!];
      if (!module) {
        // The file's last step, and one that records nothing: the helpers go onto its final text (below), with no re-parse.
        const tail = helpersAppendix(sf, want);
        if (tail) appended.set(sf, tail);
        continue;
      }
      project.manipulationSettings.set(styleOf(sf.getFullText()));
      runOn(sf, { id: 'bindings/helpers', apply: (ctx) => {
        const decl = sf.addImportDeclaration({ namedImports: want, moduleSpecifier: relativeSpecifier(pathOf(sf), pathOf(module), opts.helperModule!.ext) });
        ctx.edit(decl, `${want.join(', ')}: from the project's helpers module`);
      } }, false);
    }
    if (module) {
      project.manipulationSettings.set(styleOf(module.getFullText()));
      // A module with no helper yet (new) takes the indentation of the files that import it.
      const unit = styleOf(module.getFunctions().length ? module.getFullText() : wanting.map((sf) => files[pathOf(sf)] ?? '').join('\n')).indentationText;
      runOn(module, { id: 'bindings/helpers', apply: (ctx) => {
        const before = module.getFullText();
        addHelpersToModule(module, wanting.flatMap((sf) => [...helpers.get(pathOf(sf))!]), unit);
        if (module.getFullText() !== before) ctx.editLine(1, 'the helpers the port uses, once for the project');
      } }, false);
    }
  }

  const out: Record<string, string> = { ...files };
  const changes: FileChange[] = [];
  for (const sf of project.getSourceFiles()) {
    const path = sf.getFilePath().slice(1);
    const was = files[path];
    let text = sf.getFullText() + (appended.get(sf) ?? '');
    if (was !== undefined && text !== was) text = inFileStyle(path, was, withLineEnds(was, text), fileStyle(was));
    out[path] = text;
    if (text !== files[path]) changes.push({ path, before: files[path], after: text, rules: [...(touched.get(path) ?? [])] });
  }
  changes.sort((a, b) => byCodeUnit(a.path, b.path));
  const byPlace = (a: Pending, b: Pending) => byCodeUnit(a.file, b.file) || a.line - b.line;
  return {
    changes,
    edits: [...edits.values()].flat().sort(byPlace).map((e) => ({ rule: e.transform, file: e.file, line: e.line, note: e.text })),
    reviews: [...reviews.values()].flat().map((r) => ({ ...r, line: onMarker(out[r.file] ?? '', r.line, r.text) })).sort(byPlace).map((r) => ({ rule: r.transform, file: r.file, line: r.line, ...(r.messageId ? { messageId: r.messageId } : {}), ...(r.data ? { data: r.data } : {}), message: r.text })),
    files: out,
    asyncExports: [...asyncExports.values()],
  };
}

const HELPER_MODULE = 'wasi-helpers';

/**
 * The project's helpers module for the files in `paths` (all TypeScript or
 * all JavaScript): `wasi-helpers.ts` (or `.js`) in the folder they all sit
 * in, created empty when missing. Undefined when the files mix languages or
 * a file of that name is not ours: the helpers then go inline.
 */
function helperModuleFor(project: Project, paths: readonly string[]): SourceFile | undefined {
  if (!paths.length) return undefined;
  const ts = paths.map(isTypeScript);
  if (ts.some((t) => t !== ts[0])) return undefined;
  const dirs = paths.map((p) => p.split('/').slice(0, -1));
  const common: string[] = [];
  for (let i = 0; dirs.every((d) => i < d.length && d[i] === dirs[0]![i]); i++) common.push(dirs[0]![i]!);
  const file = `/${[...common, `${HELPER_MODULE}.${ts[0] ? 'ts' : 'js'}`].join('/')}`;
  const have = project.getSourceFile(file);
  if (have) return isHelperModule(have.getFullText()) ? have : undefined;
  return project.createSourceFile(file, '');
}

/** `./wasi-helpers` (or `../x/wasi-helpers.js`): the import of module `to` from file `from`, both project paths. */
function relativeSpecifier(from: string, to: string, tsExt: '' | '.js'): string {
  const a = from.split('/').slice(0, -1);
  const b = to.split('/');
  let i = 0;
  while (i < a.length && i < b.length - 1 && a[i] === b[i]) i++;
  const rel = [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/');
  const bare = rel.replace(/\.[cm]?[jt]s$/, isTypeScript(to) ? tsExt : '.js');
  return bare.startsWith('.') ? bare : `./${bare}`;
}

/**
 * The line of the marker carrying `message` nearest to `line`: later
 * transforms move statements with their markers (into a try, a generator),
 * and line tracking through a diff cannot follow a moved line.
 */
function onMarker(text: string, line: number, message: string): number {
  const want = `${MARKER} ${message.replace(/\s*\n\s*/g, ' ')}`;
  let best = line;
  let dist = Infinity;
  text.split('\n').forEach((l, i) => {
    if (l.trim() === want && Math.abs(i + 1 - line) < dist) {
      dist = Math.abs(i + 1 - line);
      best = i + 1;
    }
  });
  return best;
}

/**
 * The marker lines into their files, last position first, as `insertText`
 * one after another would put them (two at one place: the later one above),
 * with one replacement per file (edit-batch.ts): each insertion re-parsed
 * its file.
 */
function insertMarkers(marks: readonly { file: SourceFile; pos: number; text: string }[]): void {
  const batch = new EditBatch();
  const at = new Map<SourceFile, Map<number, string>>();
  for (const m of marks) {
    let places = at.get(m.file);
    if (!places) at.set(m.file, (places = new Map()));
    places.set(m.pos, m.text + (places.get(m.pos) ?? ''));
  }
  for (const [file, places] of at) for (const [pos, text] of places) batch.replace(file, pos, pos, text);
  batch.flush();
}

/**
 * Where the marker of a review goes: above the statement of its node (and its JSDoc: markerStart); when a
 * later edit of the same transform forgot the node, above that statement
 * found again (alive, or by its text, moved and re-indented: the lines a
 * \`try\` now holds), else above the nearest statement still there that held
 * it, else at the top of its file. A review is never dropped: the code it
 * speaks of was in that statement, or in that file.
 */
function reviewPlace(r: { node: Node; stmt: string; holders: readonly Node[] }, full: string): number {
  if (!r.node.wasForgotten()) return markerStart(statementOf(r.node));
  const [own, ...outer] = r.holders;
  if (own && !own.wasForgotten()) return markerStart(own);
  const at = full.indexOf(r.stmt);
  if (at >= 0) return at;
  const lines = r.stmt.split('\n').map((l, i) => (i ? l.trimStart() : l).replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const moved = new RegExp(lines.join('\\n[ \\t]*')).exec(full);
  if (moved) return moved.index;
  const held = outer.find((h) => !h.wasForgotten());
  return held ? markerStart(held) : 0;
}

/**
 * Where a marker above statement \`st\` starts: above the JSDoc written right above it (no blank line between), which
 * stays next to what it documents (TypeScript reads it there), and above a linter's or formatter's next-line
 * directive right above it (\`// eslint-disable-next-line\`, \`// biome-ignore\`, \`// prettier-ignore\`), which
 * speaks of the line below it: under it, the marker would be that line. Not above an import's, a file's header
 * comment; nor above \`// @ts-ignore\`/\`// @ts-expect-error\`, which TypeScript reads past comment lines.
 */
function markerStart(st: Node): number {
  const docs = Node.isJSDocable(st) && !Node.isImportDeclaration(st) ? st.getJsDocs() : [];
  const text = st.getSourceFile().getFullText();
  let start = st.getStart();
  for (let moved = true; moved; ) {
    moved = false;
    const doc = docs.find((d) => d.getStart() < start && d.getEnd() <= start && !/\n[ \t]*\r?\n/.test(text.slice(d.getEnd(), start)) && !text.slice(d.getEnd(), start).trim());
    if (doc) {
      start = doc.getStart();
      moved = true;
      continue;
    }
    const above = directiveAbove(text, start);
    if (above !== undefined) {
      start = above;
      moved = true;
    }
  }
  return start;
}

/** The start of a next-line directive that is not TypeScript's, alone on the line right above the one \`start\` begins (after its indentation). */
function directiveAbove(text: string, start: number): number | undefined {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  if (lineStart === 0 || text.slice(lineStart, start).trim()) return undefined;
  const prevStart = text.lastIndexOf('\n', lineStart - 2) + 1;
  const line = text.slice(prevStart, lineStart - 1).replace(/\r$/, '');
  const comment = line.trimStart();
  const asLine = comment.startsWith('/*') && comment.trimEnd().endsWith('*/') ? `// ${comment.slice(2, comment.trimEnd().length - 2).trim()}` : comment;
  if (!NEXT_LINE_DIRECTIVE.test(asLine) || /^\/\/\s*@ts-/.test(asLine)) return undefined;
  return prevStart + (line.length - comment.length);
}

/** The statements that hold \`node\` (statementOf, then the one holding that, ...), innermost first. */
function statementsHolding(node: Node): Node[] {
  const out: Node[] = [];
  for (let s = statementOf(node); !Node.isSourceFile(s); ) {
    out.push(s);
    const p = s.getParent();
    if (!p || Node.isSourceFile(p)) break;
    s = statementOf(p);
  }
  return out;
}

/** The statement (or class member / property) a node belongs to: where a marker line goes. */
function statementOf(node: Node): Node {
  let n: Node = node;
  for (let p = node.getParent(); p; p = p.getParent()) {
    if (Node.isStatement(n) || Node.isPropertyDeclaration(n) || Node.isPropertyAssignment(n) || Node.isMethodDeclaration(n)) {
      if (Node.isBlock(p) || Node.isSourceFile(p) || Node.isCaseClause(p) || Node.isClassDeclaration(p) || Node.isClassExpression(p) || Node.isObjectLiteralExpression(p)) return n;
    }
    n = p;
  }
  return n;
}
