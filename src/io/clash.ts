/**
 * No command writes over one of its inputs. Before anything is written, every output path is
 * compared with every input the command reads (files given, files found by walking folders,
 * lexicons and what they extend, configs, baselines, results, sources) by device and inode, so a
 * hard link, a symbolic link or another spelling of the same path is caught; an output that does
 * not exist yet is compared by its resolved path (with the other outputs: `-o x --matches x`).
 */
import { realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

export interface NamedPath {
  /** The path (absolute, or relative to cwd). */
  path: string;
  /** How messages name it: the option and the path as given (`-o notes.csv`), or the input's name. */
  label: string;
}

/** A file's identity: device and inode when it exists, else its resolved path. */
function identity(path: string, cwd: string): string | null {
  const abs = resolve(cwd, path);
  try {
    const st = statSync(abs);
    return st.isFile() ? `ino:${st.dev}:${st.ino}` : null; // devices, FIFOs and /dev/stdout are no input's copy
  } catch {
    // not there yet: its resolved path (the folder may be a symbolic link)
    try {
      return `path:${join(realpathSync(dirname(abs)), basename(abs))}`;
    } catch {
      return `path:${abs}`;
    }
  }
}

/**
 * The first clash between an output and an input (or another output), as a message naming both;
 * null when there is none. Inputs are checked in order and only while an output exists as a file.
 */
export function findOutputClash(outputs: readonly NamedPath[], inputs: Iterable<NamedPath>, cwd: string): string | null {
  const outs = outputs.map((o) => ({ ...o, id: identity(o.path, cwd) })).filter((o): o is NamedPath & { id: string } => o.id !== null);
  for (let i = 0; i < outs.length; i++)
    for (let j = i + 1; j < outs.length; j++)
      if (outs[i]!.id === outs[j]!.id) return `${outs[i]!.label} and ${outs[j]!.label} are the same file: give each output its own name`;
  const existing = new Map(outs.filter((o) => o.id.startsWith('ino:')).map((o) => [o.id, o]));
  if (existing.size === 0) return null;
  for (const input of inputs) {
    const id = identity(input.path, cwd);
    const out = id !== null ? existing.get(id) : undefined;
    if (out) return `refusing to write output over the input file ${input.label}: ${out.label} is that file (nothing was written)`;
  }
  return null;
}
