export { SheetGrid, type SheetGridProps } from './SheetGrid';
export { GridCell, type GridCellProps } from './GridCell';
export { cellInput, cellText } from './cell-text';
