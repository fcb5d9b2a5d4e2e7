/** Exit codes shared by every command (README, "Exit codes"). */
export const EXIT = {
  /** Success; nothing left to do. */
  ok: 0,
  /** The command ran and found something: invalid input for `parse`, pending changes for `--check`. */
  findings: 1,
  /** Usage error, unreadable input, or an internal failure. */
  error: 2,
} as const;
