/** The public library API of harmlex. */
export { analyzeDocument, type DocumentInput, type DocumentResult, type RecordResult, type SkippedResult } from './analyze.js';
export { compileLexicon, type CompiledLexicon } from './lexicon/compile.js';
export { LexiconError, formatProblem, type LexiconProblem } from './lexicon/errors.js';
export { loadDefaultLexicon, loadLexiconFiles, loadLexicons } from './io/lexicon-files.js';
export { findCandidates, scanText, type ScanOptions } from './scan/scan.js';
export { countWords } from './text/words.js';
export { countEvidence, placeEvidence, scoreEvidence, scoreMatches } from './score/score.js';
export * from './types.js';
