import 'reflect-metadata';
import { runTokenCli } from './token-cli.js';

process.exitCode = await runTokenCli(process.argv.slice(2));
