#!/usr/bin/env node
// Part of `npm run build`: empty dist/ first, so a module moved or deleted in src/ leaves no stale
// copy behind (a worker, or the code stamp of a folder, would otherwise still see it).
import { rmSync } from 'node:fs';

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
