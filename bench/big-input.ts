/**
 * A valid WIT package of any size, for the big-input figures: `count`
 * interfaces, each with records, variants, enums, flags, a resource with
 * methods, aliases and functions, each `use`-ing types of the one before
 * (chains of 100 interface dependencies), and worlds that import and export them
 * all (world elaboration over thousands of interfaces). Deterministic.
 */
export function bigWit(targetBytes: number): string {
  const parts: string[] = ['package big:input@1.0.0;\n\n'];
  let bytes = parts[0]!.length;
  let n = 0;
  while (bytes < targetBytes * 0.97) {
    // Chains of 100: each interface uses the one before, the first of each hundred none.
    const chained = n % 100 !== 0;
    const prev = chained ? `  use iface${n - 1}.{rec${n - 1}, res${n - 1}};\n` : '';
    const s =
      `/// Interface number ${n}.\n@since(version = 1.0.0)\ninterface iface${n} {\n${prev}` +
      `  record rec${n} { a: u32, b: string, c: list<tuple<u8, s64>>, d: option<result<u32, string>> }\n` +
      `  variant var${n} { none, some(rec${n}), many(list<rec${n}>) }\n` +
      `  enum en${n} { red, green, blue }\n` +
      `  flags fl${n} { read, write, exec }\n` +
      `  type alias${n} = list<rec${n}>;\n` +
      `  resource res${n} {\n    constructor(x: u32);\n    get: func() -> rec${n};\n    set: func(v: var${n}) -> result<_, en${n}>;\n    make: static func(f: fl${n}) -> res${n};\n  }\n` +
      `  fn${n}: func(a: rec${n}, b: borrow<res${n}>, c: alias${n}) -> result<var${n}, en${n}>;\n` +
      (chained ? `  gn${n}: func(a: rec${n - 1}, b: borrow<res${n - 1}>);\n` : '') +
      `}\n\n`;
    parts.push(s);
    bytes += s.length;
    n++;
  }
  const imports: string[] = [];
  const exports: string[] = [];
  // The first half imported, the second exported: an export may use an import or an export, never the reverse.
  for (let i = 0; i < n; i++) (i < n / 2 ? imports : exports).push(`  ${i < n / 2 ? 'import' : 'export'} iface${i};\n`);
  parts.push(`world everything {\n${imports.join('')}${exports.join('')}}\n\n`);
  parts.push(`world imports-all {\n${Array.from({ length: n }, (_, i) => `  import iface${i};\n`).join('')}}\n`);
  return parts.join('');
}
