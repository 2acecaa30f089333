/** The process entry point (npm start runs it through tsx; the installed bin runs dist/cli.js). */
import { runCli } from './cli.js';

process.exitCode = await runCli(process.argv);
