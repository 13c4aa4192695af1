export { bindSheets, nextFrame, type BindOptions, type Binding, type FrameScheduler } from './binder';
export { CELL_EDIT_MESSAGE, WRITE_RETRY_MESSAGE, type BindingNotice, type BindingStatus } from './sheet-binding';
export { MemoryHost, markKey, type MemoryHostOptions, type SheetView } from './memory-host';
export { createOfficeHost, type OfficeHostOptions } from './office-host';
export {
  ID_COLUMN,
  ID_LABEL,
  RECORD_ROW_ID,
  sheetSpec,
  type HostBatch,
  type HostRow,
  type HostSelection,
  type HostStats,
  type HostValue,
  type InvalidMark,
  type SheetHost,
  type SheetSpec,
  type UserEdit,
} from './sheet-host';
export { MAX_PAYLOAD_BYTES } from './write-plan';
