export { startServer, type RunningServer, type ServerConfig } from './server';
export { DEFAULTS, defaultStaticDirs } from './config';
export { openDataDir, type DataDir } from './data-dir';
export { registry } from './metrics';
export { MESSAGE_SAVED } from './sync/protocol';
export { accessPolicy } from './auth/access';
export { openSqliteStorage } from './storage/sqlite';
export type { Storage, UpdateRecord, RoomState, RoomInfo, HistoryQuery, CompactionResult } from './storage/types';
export * from './context';
