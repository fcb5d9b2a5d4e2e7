/** The review toolkit: build a ReviewReport (model.ts), then render it or write its patch. */
export * from './model.js';
export { render } from './render.js';
export { patchText, writePatch } from './patch.js';
export { addReviewOptions, emitReview, explainRule, wantsColor, type ReviewArgs } from './cli.js';
export { allFileDiffs, type FileDiff, type Hunk, type Provenance } from './hunks.js';
export { summarize, type Summary } from './summary.js';
export { JSON_SCHEMA_ID } from './render-json.js';
