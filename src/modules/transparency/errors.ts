import { AppError, conflict } from '../../platform/errors';

/** The public API's refusals, each with its own code so an auditor's script can tell them apart. */
export const logNotFound = (log: string) =>
  new AppError('LOG_NOT_FOUND', `There is no transparency log named ${log}`, 404, { field: 'log', log });

export const entryNotFound = (index: number, size: number) =>
  new AppError('ENTRY_NOT_FOUND', `The log has ${size} entries; there is no entry ${index}`, 404, {
    field: 'index',
    index,
    size,
  });

export const checkpointNotFound = (size: number) =>
  new AppError('CHECKPOINT_NOT_FOUND', `No checkpoint was published at size ${size}`, 404, {
    field: 'size',
    size,
  });

export const entryNotInCheckpoint = (index: number, size: number) =>
  conflict('ENTRY_NOT_IN_CHECKPOINT', `Entry ${index} is not in the checkpoint of size ${size}`, {
    field: 'size',
    index,
    size,
  });

export const sizeBeyondLog = (field: 'to' | 'from', requested: number, size: number) =>
  conflict('SIZE_BEYOND_LOG', `The log has ${size} entries, fewer than ${requested}`, {
    field,
    requested,
    size,
  });

export const sizesReversed = () =>
  new AppError('BAD_REQUEST', 'from must not exceed to', 400, { field: 'from' });
