// Faults the system does not survive yet, found by this suite. `npm run test:faults` runs them (and fails until they
// are fixed); scripts/test.sh sets FAULTS_SKIP_KNOWN_GAPS=true so CI runs everything else. Remove an entry with its fix.
export const KNOWN_GAPS = {
  /**
   * A restarted context or notification cannot start: FerretDB 1.24 drops the connection (Go panic "slice bounds out
   * of range") on a createIndexes command with several indexes that already exist, which ensureIndexes (libs/store)
   * sends at every start. Fix: create the indexes one per command.
   */
  restartWithExistingIndexes: ['context', 'notification'],
  /** Invalid UTF-8 in a protobuf string is decoded to U+FFFD and processed instead of dead-lettered (libs/messaging decodeValue). */
  invalidUtf8: 'invalid UTF-8',
} as const;

export const skipKnownGaps = process.env.FAULTS_SKIP_KNOWN_GAPS === 'true';
