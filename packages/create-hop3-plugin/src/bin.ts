#!/usr/bin/env node
// `npm create hop3-plugin` runs this.
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2), { cwd: process.cwd(), stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
