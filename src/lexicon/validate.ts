/**
 * Structural validation of a parsed YAML document against a spec (see spec.ts), with a position for
 * every problem. Pure: takes the YAML text, returns a plain value and problems. Unknown keys are errors.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair } from 'yaml';
import { didYouMean, type LexiconProblem } from './errors.js';
import type { Spec } from './spec.js';

export interface Positioned {
  line: number;
  column: number;
}

/** The plain value of a validated document plus the positions of objects, for later semantic checks. */
export interface ValidatedDocument {
  value: unknown;
  problems: LexiconProblem[];
  /** Position of a node by its path ("entries.3.terms.1"). */
  positions: Map<string, Positioned>;
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export function validateYaml(text: string, file: string, spec: Spec): ValidatedDocument {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  const problems: LexiconProblem[] = [];
  const positions = new Map<string, Positioned>();
  const pos = (offset: number | undefined): Positioned => {
    const p = lineCounter.linePos(offset ?? 0);
    return { line: p.line, column: p.col };
  };
  for (const e of doc.errors) {
    const p = pos(e.pos[0]);
    // The kind of problem only: the yaml library quotes keys and aliases of the file, which may be anything.
    const first = (e.message.split('\n')[0] ?? e.message).replace(/ at line \d+, column \d+:?$/, '');
    problems.push({ file, ...p, code: 'yaml-syntax', message: first.replace(/"[^"]*"|'[^']*'|\*\S+/g, '…') });
  }
  if (problems.length > 0) return { value: undefined, problems, positions };
  if (!doc.contents) {
    problems.push({ file, line: 1, column: 1, code: 'empty-file', message: 'the file is empty' });
    return { value: undefined, problems, positions };
  }

  // A file with none of the keys that mark this format (a lexicon's harmlex/name/version, a
  // config's keys) is not one: it is reported once, without naming its keys, which would show its
  // content (a secrets file named by `extends:` in an untrusted pull request).
  if (isMap(doc.contents) && spec.kind === 'object') {
    const anchors = Object.keys(spec.props);
    const keys = doc.contents.items.map((pair) => (isScalar(pair.key) ? String(pair.key.value) : ''));
    if (keys.length && !keys.some((k) => anchors.includes(k))) {
      problems.push({ file, line: 1, column: 1, code: 'wrong-format', message: `not a harmlex file of this kind (byte offset 0: none of its ${keys.length} top-level key${keys.length === 1 ? '' : 's'} is one of ${anchors.join(', ')}); its content is not shown` });
      return { value: undefined, problems, positions };
    }
  }

  const entryName = (path: (string | number)[]): string | undefined =>
    path[0] === 'entries' && typeof path[1] === 'number' ? entryIds.get(path[1]) : undefined;
  const entryIds = new Map<number, string>();
  // Entry ids first, so every message inside an entry can name it.
  if (isMap(doc.contents)) {
    const entries = doc.contents.get('entries', true);
    if (isSeq(entries)) {
      entries.items.forEach((item, i) => {
        if (isMap(item)) {
          const id = item.get('id');
          if (typeof id === 'string') entryIds.set(i, id);
        }
      });
    }
  }

  const report = (node: Node | Pair | null | undefined, path: (string | number)[], code: string, message: string) => {
    const range = node && 'range' in node && node.range ? node.range : undefined;
    const keyNode = node && !('range' in node) && 'key' in node ? (node.key as Node | null) : undefined;
    const offset = range ? range[0] : keyNode && keyNode.range ? keyNode.range[0] : 0;
    const entry = entryName(path);
    problems.push({ file, ...pos(offset), code, message: entry ? `${message} (entry "${entry}")` : message, ...(entry ? { entry } : {}) });
  };
  // Inside an entry the entry is named at the end of the message, so the path starts after it.
  const where = (path: (string | number)[]) => {
    const inEntry = path[0] === 'entries' && typeof path[1] === 'number' && entryIds.has(path[1]);
    const rest = inEntry ? path.slice(2) : path;
    if (rest.length) return `"${rest.join('.')}"`;
    return inEntry ? 'the entry' : 'the document';
  };

  const walk = (node: Node | null | undefined, s: Spec, path: (string | number)[]): unknown => {
    if (node && node.range) positions.set(path.join('.'), pos(node.range[0]));
    const scalar = isScalar(node) ? node.value : undefined;
    switch (s.kind) {
      case 'string': {
        if (typeof scalar !== 'string') {
          if (typeof scalar === 'number' || typeof scalar === 'boolean') return String(scalar);
          report(node, path, 'wrong-type', `${where(path)} must be a string`);
          return undefined;
        }
        if (s.minLength && scalar.trim().length < s.minLength) report(node, path, 'empty-value', `${where(path)} must not be empty`);
        if (s.pattern && !new RegExp(s.pattern).test(scalar)) report(node, path, 'bad-value', `${where(path)} "${scalar}" must match ${s.pattern}`);
        return scalar;
      }
      case 'number': {
        if (typeof scalar !== 'number' || Number.isNaN(scalar)) {
          report(node, path, 'wrong-type', `${where(path)} must be a number`);
          return undefined;
        }
        const tooLow = s.min !== undefined && (s.exclusiveMin ? scalar <= s.min : scalar < s.min);
        if (tooLow || (s.max !== undefined && scalar > s.max) || (s.integer && !Number.isInteger(scalar))) {
          const range = `${s.integer ? 'a whole number ' : ''}${s.min !== undefined ? (s.exclusiveMin ? `> ${s.min}` : `>= ${s.min}`) : ''}${s.max !== undefined ? ` and <= ${s.max}` : ''}`;
          report(node, path, 'bad-value', `${where(path)} is ${scalar}; it must be ${range.trim()}`);
        }
        return scalar;
      }
      case 'boolean':
        if (typeof scalar !== 'boolean') {
          report(node, path, 'wrong-type', `${where(path)} must be true or false`);
          return undefined;
        }
        return scalar;
      case 'enum': {
        if (!s.values.includes(scalar as string | number)) {
          const hint = typeof scalar === 'string' ? didYouMean(scalar, s.values.map(String)) : undefined;
          report(
            node,
            path,
            'bad-value',
            `${where(path)} is ${JSON.stringify(scalar ?? null)}; it must be one of ${s.values.join(', ')}${hint ? ` (did you mean "${hint}"?)` : ''}`,
          );
          return undefined;
        }
        return scalar;
      }
      case 'strings': {
        if (isScalar(node)) {
          const v = walk(node, { kind: 'string', minLength: 1 }, path);
          return v === undefined ? [] : [v];
        }
        if (!isSeq(node)) {
          report(node, path, 'wrong-type', `${where(path)} must be a string or a list of strings`);
          return [];
        }
        if (s.minItems && node.items.length < s.minItems) report(node, path, 'empty-value', `${where(path)} must not be empty`);
        return node.items.map((item, i) => walk(item as Node, { kind: 'string', minLength: 1 }, [...path, i])).filter((v) => v !== undefined);
      }
      case 'array': {
        if (!isSeq(node)) {
          report(node, path, 'wrong-type', `${where(path)} must be a list`);
          return [];
        }
        if (s.minItems && node.items.length < s.minItems) report(node, path, 'empty-value', `${where(path)} must not be empty`);
        return node.items.map((item, i) => walk(item as Node, s.items, [...path, i]));
      }
      case 'object': {
        if (!isMap(node)) {
          report(node, path, 'wrong-type', `${where(path)} must be a mapping (key: value)`);
          return undefined;
        }
        // Null prototype: keys such as __proto__ can never reach Object.prototype.
        const out: Record<string, unknown> = Object.create(null);
        const known = Object.keys(s.props);
        for (const pair of node.items) {
          const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
          if (key === undefined) {
            report(pair.key as Node, path, 'bad-key', `a key in ${where(path)} is not a plain string`);
            continue;
          }
          if (FORBIDDEN_KEYS.has(key)) {
            report(pair.key as Node, path, 'forbidden-key', `key "${key}" is not allowed`);
            continue;
          }
          const prop = s.props[key];
          if (!prop) {
            const hint = didYouMean(key, known);
            report(
              pair.key as Node,
              path,
              'unknown-key',
              `unknown key "${key}" in ${where(path)}${hint ? ` (did you mean "${hint}"?)` : `; allowed: ${known.join(', ')}`}`,
            );
            continue;
          }
          out[key] = walk(pair.value as Node, prop.spec, [...path, key]);
        }
        for (const [key, prop] of Object.entries(s.props)) {
          if (prop.required && !(key in out)) report(node, path, 'missing-key', `${where(path)} lacks the required key "${key}"`);
        }
        return out;
      }
      case 'map': {
        if (!isMap(node)) {
          report(node, path, 'wrong-type', `${where(path)} must be a mapping (name: value)`);
          return undefined;
        }
        const out: Record<string, unknown> = Object.create(null);
        const keyRe = new RegExp(s.keyPattern);
        for (const pair of node.items) {
          const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
          if (key === undefined || FORBIDDEN_KEYS.has(key) || !keyRe.test(key)) {
            report(pair.key as Node, path, 'bad-key', `${where(path)}: the name ${JSON.stringify(key ?? null)} must match ${s.keyPattern}`);
            continue;
          }
          out[key] = walk(pair.value as Node, s.values, [...path, key]);
        }
        return out;
      }
      case 'oneOf': {
        // Try each option silently; report against the first when none fits.
        for (const option of s.options) {
          const before = problems.length;
          const v = walk(node, option, path);
          if (problems.length === before) return v;
          problems.length = before;
        }
        const describe = s.options.map((o) => (o.kind === 'enum' ? o.values.join(' | ') : o.kind === 'object' ? `{${Object.keys(o.props).join(', ')}}` : o.kind));
        report(node, path, 'bad-value', `${where(path)} must be one of: ${describe.join(' or ')}`);
        return undefined;
      }
    }
  };

  const value = walk(doc.contents as Node, spec, []);
  return { value, problems, positions };
}
