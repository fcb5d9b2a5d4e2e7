/** The command-line flags of the fuzz runs (main.ts, bindings-main.ts): `--name value` or `--name=value`. */

/** The value of `--name`, if given. */
export function stringArg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
}

/** The value of `--name` as a number that is not negative, else `fallback`; anything else is a usage error (exit 2). */
export function numberArg(name: string, fallback: number): number {
  const raw = stringArg(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) {
    console.error(`--${name} wants a number, got ${raw}`);
    process.exit(2);
  }
  return n;
}
