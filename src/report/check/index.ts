/** The `check` formatter registry. */
import { compactFormatter } from './compact.js';
import { githubFormatter } from './github.js';
import { jsonFormatter } from './json.js';
import { sarifFormatter } from './sarif.js';
import { stylishFormatter } from './stylish.js';
import type { CheckFormatter } from './types.js';

export const CHECK_FORMATS = ['stylish', 'compact', 'json', 'sarif', 'github'] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

const registry: Record<CheckFormat, CheckFormatter> = {
  stylish: stylishFormatter,
  compact: compactFormatter,
  json: jsonFormatter,
  sarif: sarifFormatter,
  github: githubFormatter,
};

export function getCheckFormatter(name: CheckFormat): CheckFormatter {
  return registry[name];
}

export type { CheckFormatter, CheckReport } from './types.js';
