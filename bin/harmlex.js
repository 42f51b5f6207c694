#!/usr/bin/env node
// Thin shim: the CLI lives in dist/cli/main.js. `--version` is answered here, before any import,
// because start-up time matters in CI loops.
import { readFileSync } from 'node:fs';

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else {
  // A reader that went away (| head) is not our failure; any other error writing standard output
  // (a full disk, > /dev/full) is an input/output error: exit 2 with a message, never a stack trace.
  process.stdout.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    process.stderr.write(`harmlex: cannot write standard output: ${e.code === 'ENOSPC' ? 'no space left on the device' : e.code ?? e.message}\n`);
    process.exit(2);
  });
  const { main } = await import('../dist/cli/main.js');
  process.exitCode = await main(argv);
}
