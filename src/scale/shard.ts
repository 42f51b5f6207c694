/**
 * --shard I/N: a deterministic share of the documents, by a stable hash of each document's key
 * (its id, or its --group-by value so a unit is never split). The same inputs give the same split
 * on any machine and any run, and N shards together hold every document exactly once.
 */
import { fnv1a } from '../fnv.js';

export interface Shard {
  /** 1-based */
  index: number;
  count: number;
}

export function parseShard(value: string): Shard | string {
  const m = /^(\d+)\/(\d+)$/.exec(value.trim());
  if (!m) return `"${value}" is not I/N (for example 2/8)`;
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index < 1 || index > count) return `"${value}": I must be between 1 and N`;
  return { index, count };
}

export function inShard(key: string, shard: Shard): boolean {
  return fnv1a(key) % shard.count === shard.index - 1;
}
