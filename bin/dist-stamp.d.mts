/** Types of bin/dist-stamp.mjs (plain JavaScript, so that `bin/samband.mjs` can use it before any loader). */
export declare const SOURCE_DIRS: readonly string[];
export declare const STAMP_FILE: string;
export declare function sourceStamp(root: string): string;
export declare function distIsFresh(root: string): boolean;
