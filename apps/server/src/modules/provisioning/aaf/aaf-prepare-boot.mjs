// Entry of the import's worker thread. Préau runs its TypeScript through tsx
// (bin/preau.js); a worker starts without the loader hooks of its parent, so
// it registers them before loading the worker's module.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.module);
