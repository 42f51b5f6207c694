#!/usr/bin/env node
// Thin shim: the CLI lives in dist/cli/main.js. `--version` is answered here, before any import,
// because start-up time matters in CI loops.
import { readFileSync } from 'node:fs';

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else {
  process.stdout.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  const { main } = await import('../dist/cli/main.js');
  process.exitCode = await main(argv);
}
