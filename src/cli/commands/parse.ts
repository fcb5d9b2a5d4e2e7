import type { Argv, CommandModule } from 'yargs';
import { readFileSync } from 'node:fs';
import { existsSync } from 'node:fs';
import type { Diagnostic } from '../../wit/diagnostics.js';
import { EXIT } from '../exit.js';

interface ParseArgs {
  paths: string[];
  json: boolean;
  features: string[];
  'all-features': boolean;
  quiet?: boolean;
}

interface Entry {
  path: string;
  ok: boolean;
  diagnostics: { file: string; line: number; col: number; message: string }[];
}

/** `wasi-migrate parse <path...>`: parse and resolve each path as its own package root. */
export const parseCommand: CommandModule<object, ParseArgs> = {
  command: 'parse <paths...>',
  describe: 'parse and resolve each path (a .wit file or a package folder with deps/) as its own package root',
  builder: (y: Argv) =>
    y
      .positional('paths', { type: 'string', array: true, demandOption: true, describe: 'a .wit file or a package folder' })
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON array, an entry per path' })
      .option('features', { type: 'string', array: true, default: [], describe: 'activate @unstable(feature = ...) gates' })
      .option('all-features', { type: 'boolean', default: false, describe: 'activate every @unstable gate' }) as unknown as Argv<ParseArgs>,
  handler: async (args) => {
    // The parser loads with the handler: `--help` needs only the builder above.
    const [{ render }, { parseWit }] = await Promise.all([import('../../wit/diagnostics.js'), import('../../index.js')]);
    const entries: Entry[] = [];
    let missing = false;
    for (const path of args.paths) {
      if (!existsSync(path)) {
        entries.push({ path, ok: false, diagnostics: [{ file: path, line: 1, col: 1, message: 'no such file or directory' }] });
        missing = true;
        if (!args.json) process.stderr.write(`error: ${path}: no such file or directory\n`);
        continue;
      }
      const r = parseWit(path, { features: args.features, allFeatures: args['all-features'] });
      // A path that cannot be read is a usage error (exit 2), not invalid WIT (exit 1).
      if (r.refused) missing = true;
      entries.push({
        path,
        ok: r.diagnostics.length === 0,
        diagnostics: r.diagnostics.map((d) => ({ file: d.file, line: d.line, col: d.col, message: d.message })),
      });
      if (args.json) continue;
      if (r.diagnostics.length === 0) {
        if (args.quiet) continue;
        const pkgs = r.root.map((p) => `${p.name.namespace}:${p.name.name}${p.name.version ? `@${p.name.version}` : ''}`);
        process.stdout.write(`ok ${path}: ${pkgs.join(', ')} (${r.files.length} file${r.files.length === 1 ? '' : 's'})\n`);
      } else {
        for (const d of r.diagnostics) process.stderr.write(`${render(d, sourceText(r.files, d))}\n\n`);
      }
    }
    if (args.json) process.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
    process.exitCode = missing ? EXIT.error : entries.every((e) => e.ok) ? EXIT.ok : EXIT.findings;
  },
};

function sourceText(files: readonly { path: string; text: string }[], d: Diagnostic): string | undefined {
  const f = files.find((x) => x.path === d.file);
  if (f) return f.text;
  try {
    return readFileSync(d.file, 'utf8');
  } catch {
    return undefined;
  }
}
