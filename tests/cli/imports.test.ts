// The command line is a thin shell over the package's public API (DESIGN.md, rooms): bin/ imports
// Node built-ins, its own files, and `parallel-sum` by name, never the package's src/ or dist/ files.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../bin', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.js') ? [join(dir, e.name)] : []);
}

describe('bin/', () => {
  it('imports only built-ins, its own files and the public API', () => {
    const found = files(bin);
    expect(found.length).toBeGreaterThan(5);
    for (const file of found) {
      const text = readFileSync(file, 'utf8');
      const specifiers = [...text.matchAll(/(?:^|\n)\s*import\s[^'"]*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]|import\('([^']+)'\)\.|require\)?\(['"]([^'"]+)['"]\)/g)]
        .map((m) => m[1] ?? m[2] ?? m[3] ?? m[4]!);
      for (const specifier of specifiers) {
        const ok = specifier.startsWith('node:') || specifier === 'parallel-sum' || specifier === 'parallel-sum/package.json'
          || (specifier.startsWith('./') && !specifier.includes('..'));
        expect(ok, `${file} imports ${specifier}`).toBe(true);
      }
    }
  });
});
