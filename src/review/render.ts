/** One entry point for every review format. */
import type { ReviewFormat, ReviewReport } from './model.js';
import { renderHtml } from './render-html.js';
import { renderJson } from './render-json.js';
import { renderSarif, type SarifOptions } from './render-sarif.js';
import { renderText, type TextOptions } from './render-text.js';

export function render(report: ReviewReport, format: ReviewFormat, opts: TextOptions & SarifOptions = {}): string {
  switch (format) {
    case 'text':
      return renderText(report, opts);
    case 'json':
      return renderJson(report);
    case 'sarif':
      return renderSarif(report, opts);
    case 'html':
      return renderHtml(report);
  }
}
