/** The SQLSTATE readers live beside the one mapping of database conflicts to answers (kit). */
export { pgConstraint, pgErrorCode, UNIQUE_VIOLATION, SERIALIZATION_FAILURE, DEADLOCK_DETECTED, databaseConflict } from '@webir/kit';
