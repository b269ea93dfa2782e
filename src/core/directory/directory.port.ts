import type { Directory } from './directory.ts';

/** Gives the current configuration (areas, agencies, routing, people, addresses). */
export interface DirectoryReader {
  /** The directory as it is now. Cheap to call: implementations cache and refresh after changes. */
  current(): Promise<Directory>;
  /** Forgets any cached snapshot, so the next call reads the store again (after an admin change or a config load). */
  invalidate(): void;
}
