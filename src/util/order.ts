/**
 * Code-unit order of two strings: the one order this tool sorts names and
 * paths by. The same on every machine, where `localeCompare` follows the
 * machine's locale (Danish sorts `aa.wit` after `z.wit`, Lithuanian `y`
 * before `j`), so a run's files, reports and traces came out in an order
 * that depended on where it ran. It is also wit-parser's: a folder's files
 * are sorted by their bytes there, and UTF-8 byte order is code-point order,
 * which code-unit order is but for characters beyond U+FFFF.
 */
export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
