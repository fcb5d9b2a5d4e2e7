/**
 * Guest sandbox: a guest module runs in its own `node:vm` context whose only
 * way out is its import object.
 *
 * Guests are written as ES modules against jco-style bindings
 * (`import { getStdout } from 'wasi:cli/stdout@0.2.12'`, `export const run = {...}`).
 * Rather than need `--experimental-vm-modules`, the loader accepts that
 * module subset and rewrites it to a script: named imports from a specifier,
 * and `export const|function|async function|class`. An import of anything
 * that is not in the import object (`node:fs`, `http`) fails at load with a
 * clear error, and the Node globals a component cannot have (`process`,
 * `require`, `fetch`, `Buffer`, timers, `console`) throw a `SandboxViolation`
 * when touched; the violation is recorded, so a guest cannot hide it with a
 * try/catch.
 *
 * Limit: node:vm is not a security boundary against hostile code (host-realm
 * objects in the import object lead back to the host's Function). It keeps
 * honest guests honest and makes accidental Node use fail loudly.
 */
import vm from 'node:vm';
import { SandboxViolation } from './errors.js';

export type Imports = Record<string, Record<string, unknown>>;

const FORBIDDEN = ['process', 'require', 'module', 'fetch', 'Buffer', 'setTimeout', 'setInterval', 'setImmediate', 'console', 'WebAssembly', 'XMLHttpRequest', 'WebSocket'];

export interface LoadedGuest {
  exports: Record<string, unknown>;
  violations: SandboxViolation[];
}

/** Rewrite the accepted ESM subset to a script over `__import` / `__exports`. */
export function toScript(source: string, file: string): string {
  const exported: string[] = [];
  let out = source.replace(/^\s*import\s*\{([^}]*)\}\s*from\s*(['"])([^'"]+)\2\s*;?/gm, (_m, names: string, _q, spec: string) => {
    const binds = names
      .split(',')
      .map((n) => n.trim())
      .filter(Boolean)
      .map((n) => n.replace(/\s+as\s+/, ': '));
    return `const { ${binds.join(', ')} } = __import(${JSON.stringify(spec)});`;
  });
  out = out.replace(/^\s*import\s+(?:\*\s+as\s+)?([A-Za-z_$][\w$]*)\s+from\s*(['"])([^'"]+)\2\s*;?/gm, (_m, name: string, _q, spec: string) => `const ${name} = __import(${JSON.stringify(spec)});`);
  out = out.replace(/^\s*import\s*(['"])([^'"]+)\1\s*;?/gm, (_m, _q, spec: string) => `__import(${JSON.stringify(spec)});`);
  out = out.replace(/^export\s+(const|let|var|function|async\s+function|class)\s+([A-Za-z_$][\w$]*)/gm, (_m, kw: string, name: string) => {
    exported.push(name);
    return `${kw} ${name}`;
  });
  if (/^\s*export\s/m.test(out)) throw new Error(`${file}: unsupported export form (use \`export const|function|class name\`)`);
  return `${out}\n;${exported.map((n) => `__exports[${JSON.stringify(n)}] = ${n};`).join('\n')}\n`;
}

export function loadGuest(source: string, file: string, imports: Imports, onViolation: (v: SandboxViolation) => void): LoadedGuest {
  const violations: SandboxViolation[] = [];
  const exports: Record<string, unknown> = {};
  const ctx: Record<string, unknown> = {
    __exports: exports,
    __import: (spec: string) => {
      const m = imports[spec];
      if (!m || spec === '__internal') {
        const v = new SandboxViolation(`guest ${file} imports '${spec}', which is not one of its world's imports; a component reaches the outside only through the WASI interfaces it imports`);
        violations.push(v);
        onViolation(v);
        throw v;
      }
      return m;
    },
    TextEncoder,
    TextDecoder,
  };
  const context = vm.createContext(ctx, { name: `guest ${file}`, codeGeneration: { strings: false, wasm: false } });
  for (const name of FORBIDDEN) {
    Object.defineProperty(context, name, {
      get() {
        const v = new SandboxViolation(`guest ${file} touched '${name}', a Node.js API a component does not have; use its WASI imports instead`);
        violations.push(v);
        onViolation(v);
        throw v;
      },
    });
  }
  new vm.Script(toScript(source, file), { filename: file }).runInContext(context, { timeout: 2000 });
  return { exports, violations };
}
