import type { RecordValidator } from './validator';
import { areaValidator } from './validators/area';
import { banValidator } from './validators/ban';
import { certValidator } from './validators/cert';
import { groupValidator } from './validators/group';

/**
 * The record types every node validates. Adding a type (e.g. the groups layer's `group`
 * records) is one validator file and one line here.
 */
export const defaultValidators: readonly RecordValidator[] = [
  certValidator as RecordValidator,
  banValidator as RecordValidator,
  areaValidator as RecordValidator,
  groupValidator as RecordValidator,
];
