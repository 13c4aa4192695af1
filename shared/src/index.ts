export * from './schema';
export * from './doc';
export * from './validate';
