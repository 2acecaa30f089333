#!/usr/bin/env node
// The installed command: the compiled CLI (npm run build writes dist/).
import { runCli } from '../dist/cli.js';

process.exitCode = await runCli(process.argv);
