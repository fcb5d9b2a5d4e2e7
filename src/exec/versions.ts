/** Which host interface serves an import at another version: the linker's semver rule, shared by real components and JS guests. */
/**
 * The host key that serves import `key` (`iface@0.2.10`) at a later,
 * semver-compatible version (`iface@0.2.12`: for 0.x, the same minor and a
 * patch at least as high), as wasmtime's linker does. ComponentizeJS's engine
 * imports its runtime's interfaces at 0.2.10 (`wasi:http/outgoing-handler`
 * for `fetch`) beside the world's 0.2.12.
 */
export function compatibleKey(host: object, key: string): string | undefined {
  const [iface, wanted] = key.split('@');
  if (wanted === undefined) return undefined;
  const [maj, min, patch] = wanted.split('.').map(Number);
  const candidates = Object.keys(host)
    .map((k) => [k, ...k.split('@')] as const)
    .filter(([, i, v]) => i === iface && v !== undefined)
    .map(([k, , v]) => [k, ...v.split('.').map(Number)] as [string, number, number, number])
    .filter(([, a, b, c]) => a === maj && (maj === 0 ? b === min && c >= patch : b > min || (b === min && c >= patch)))
    .sort((x, y) => y[2] - x[2] || y[3] - x[3]);
  return candidates[0]?.[0];
}
