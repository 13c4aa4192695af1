import { describe, expectTypeOf, it } from 'vitest';
import type { ImportConflict as DomainImportConflict, ImportError, ImportSummary } from '../workbook/import-types';
import type { ImportApplied, ImportCellError, ImportConflict } from './http-api';

// The server sends the domain's import types as they are; the wire types must accept them, or the pane
// would read fields the server does not send.
describe('HTTP API contract vs the domain types the server sends', () => {
  it('an import error, summary and conflict fit the wire types', () => {
    expectTypeOf<ImportError>().toExtend<ImportCellError>();
    expectTypeOf<ImportSummary>().toExtend<ImportApplied>();
    expectTypeOf<DomainImportConflict>().toExtend<ImportConflict>();
  });
});
