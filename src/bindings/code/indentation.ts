/**
 * Where ts-morph gets a node's indentation from. Before every insertion or
 * replacement ts-morph asks its language service for the indentation at the
 * node (`getIndentationLevel`), and the service answers from a tree of its
 * own that it re-parses whenever the file changed: a second parse of the
 * file after every edit. TypeScript's SmartIndenter, which is what the
 * service runs on that tree, gives the same answer on ts-morph's own tree of
 * the same text, so the project's service is told to ask it directly.
 */
import { ts, type Project, type SourceFile } from 'ts-morph';

interface SmartIndenter {
  getIndentation(position: number, sourceFile: ts.SourceFile, options: ts.EditorSettings): number;
}

export function indentFromOwnTree(project: Project): void {
  const indenter = (ts as unknown as { formatting?: { SmartIndenter?: SmartIndenter } }).formatting?.SmartIndenter;
  if (typeof indenter?.getIndentation !== 'function') return;
  const service = project.getLanguageService();
  const viaService = service.getIdentationAtPosition.bind(service) as (file: SourceFile | string, position: number, settings?: ts.EditorSettings) => number;
  service.getIdentationAtPosition = (fileOrPath: SourceFile | string, position: number, settings?: ts.EditorSettings): number => {
    const file = typeof fileOrPath === 'string' ? project.getSourceFile(fileOrPath) : fileOrPath;
    // ts-morph's own call passes no settings: its manipulation settings' editor settings, as the service would get them.
    if (settings || !file) return viaService(fileOrPath, position, settings);
    return indenter.getIndentation(position, file.compilerNode, project.manipulationSettings.getEditorSettings());
  };
}
