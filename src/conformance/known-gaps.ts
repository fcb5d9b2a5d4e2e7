/**
 * Conformance cases we know we fail, each with the reason. The test suite
 * checks both ways: every other case passes, and every case here still fails
 * (so a fix forces its removal from this list).
 */
export const KNOWN_GAPS: Readonly<Record<string, string>> = {};
