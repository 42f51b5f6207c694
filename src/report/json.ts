import type { Formatter } from './types.js';
import { recordJson } from './jsonl.js';

/**
 * One JSON object: {tool, lexicon, options, documents: [...], summary}. Written as it goes (one
 * document per line inside the array) so a large run streams like JSONL does.
 */
export const jsonFormatter: Formatter = {
  name: 'json',
  machine: true,
  begin(ctx) {
    const head = JSON.stringify({ tool: ctx.tool, lexicon: ctx.lexicon, options: ctx.options });
    return `${head.slice(0, -1)},\n"documents": [\n`;
  },
  positional: true,
  record: (r, _ctx, index) => `${index === 0 ? '' : ',\n'}${recordJson(r)}`,
  end(summary) {
    const s = { documents: summary.documents, scored: summary.scored, skipped: summary.skipped, matches: summary.matches, by_placement: summary.by_placement };
    return `${summary.documents === 0 ? '' : '\n'}],\n"summary": ${JSON.stringify(s)}}\n`;
  },
};
