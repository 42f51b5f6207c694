/**
 * Static safety checks for lexicon regular expressions: a pattern that can backtrack
 * catastrophically would let one document hang a whole batch (markdownlint #657), so such patterns
 * are refused before any scanning.
 */
import { linearPatternProblem, MAX_PATTERN_LENGTH } from '../text/linear-regex.js';
export { MAX_PATTERN_LENGTH };

/**
 * Patterns run on RE2 (linear-regex.ts): what it cannot compile is refused. Nested unbounded
 * quantifiers such as (a+)+ are refused too: harmless on RE2, they are a sign of a pattern written
 * for a backtracking engine, and a lexicon should stay portable to one.
 */
export function patternProblem(source: string): string | null {
  const problem = linearPatternProblem(source);
  if (problem) return problem;
  if (hasNestedQuantifier(source)) return 'nested quantifiers such as (a+)+ can backtrack catastrophically; rewrite without a quantified group that itself contains a quantifier';
  return null;
}

/** True when a quantified group contains a quantifier or an alternation under an unbounded repeat. */
export function hasNestedQuantifier(source: string): boolean {
  // Per open group: does it contain a quantifier / an alternation?
  const stack: { quantified: boolean; alternation: boolean }[] = [];
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      continue;
    }
    if (c === '(') {
      stack.push({ quantified: false, alternation: false });
      continue;
    }
    if (c === '|' && stack.length) {
      stack[stack.length - 1]!.alternation = true;
      continue;
    }
    const unboundedAt = (j: number) => source[j] === '*' || source[j] === '+' || (source[j] === '{' && /^\{\d*,\}/.test(source.slice(j)));
    const quantifierAt = (j: number) => unboundedAt(j) || source[j] === '?' || source[j] === '{';
    if (c === ')') {
      const group = stack.pop();
      if (!group) continue;
      if (unboundedAt(i + 1) && (group.quantified || group.alternation)) return true;
      if (stack.length && (group.quantified || quantifierAt(i + 1))) stack[stack.length - 1]!.quantified = true;
      continue;
    }
    if (stack.length && unboundedAt(i)) stack[stack.length - 1]!.quantified = true;
  }
  return false;
}
