import { runIndicatorsCli } from '../modules/indicators/indicators.command.js';

// `npm run indicators -- big.jsonl | head` closes the pipe early; like the reference
// (changelog 0.0.3: "no longer error on SIGPIPE"), stop quietly instead of crashing.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(0);
});

process.exitCode = await runIndicatorsCli(process.argv.slice(2));
