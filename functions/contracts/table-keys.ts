/**
 * The one table's key names: the stack creates the table with them and the
 * DynamoDB adapter writes items with them. The stack imports nothing else
 * from `functions/` but these contracts (and the payload schemas it tests).
 */
export const PARTITION_KEY = 'pk';
export const SORT_KEY = 'sk';
export const GSI1_NAME = 'gsi1';
export const GSI1_PARTITION_KEY = 'gsi1pk';
export const GSI1_SORT_KEY = 'gsi1sk';
/** DynamoDB TTL attribute, epoch seconds. Correctness never depends on it. */
export const TTL_ATTRIBUTE = 'expiresAt';
