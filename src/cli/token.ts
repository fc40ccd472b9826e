import 'reflect-metadata';
import { runTokenCli } from '../modules/access/token.command.js';

process.exitCode = await runTokenCli(process.argv.slice(2));
