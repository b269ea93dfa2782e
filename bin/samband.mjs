#!/usr/bin/env node
// Entry point of the `samband` command. TypeScript runs through tsx's loader, so there is no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
