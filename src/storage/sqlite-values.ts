/** SQLite has no boolean type: columns declared BOOLEAN come back as 0 or 1. */
export const bool = (v: unknown): boolean => v === 1 || v === true;
