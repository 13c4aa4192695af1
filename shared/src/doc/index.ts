export * from './rooms';
export * from './origins';
export * from './order';
export * from './rows';
export * from './plan-data';
