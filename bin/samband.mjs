#!/usr/bin/env node
// Entry point of the `samband` command. TypeScript runs through tsx's loader, so there is no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
// Not awaited: `samband start` never resolves, and the process lives as long as its server does.
void main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
