// Read by the Prisma CLI. `engine: 'js'` keeps the CLI on its bundled WASM schema engine: nothing is downloaded.
import { defineConfig } from 'prisma/config';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'prisma/schema.prisma',
  // pglite-prisma-adapter pins an older @prisma/driver-adapter-utils; the runtime contract is the same.
  adapter: async () => new PrismaPGlite(new PGlite("memory://")) as never,
});
