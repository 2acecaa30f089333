/** The process entry point from the sources (npm start runs it through tsx; the bin runs dist/ or src/, see bin/). */
import { runCli } from './cli.js';

process.exitCode = await runCli(process.argv);
