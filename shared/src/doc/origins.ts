/**
 * Transaction origins: every local change runs in one `doc.transact(fn, origin)` so observers know
 * where it came from and a binding never echoes its own writes.
 */
export type Origin = 'excel' | 'grid' | 'form' | 'import' | 'remote' | 'demo' | 'cli' | 'test';
