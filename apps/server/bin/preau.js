#!/usr/bin/env node
// The `preau` command. Préau runs its TypeScript sources through tsx, so there
// is no build step between a clone and a running server.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
