// The shape of src/, checked from its text: no import cycle, no file over 250 lines, each file opening
// with a comment saying its job, errors built only in src/errors.ts, and each room importing only
// the rooms below it (the table in DESIGN.md "Rooms").
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

const files: string[] = (readdirSync(src, { recursive: true }) as string[])
  .filter((name) => name.endsWith('.ts'))
  .map((name) => name.split('\\').join('/'))
  .sort();

const text = new Map(files.map((file) => [file, readFileSync(join(src, file), 'utf8')]));

interface Import { readonly to: string; readonly typeOnly: boolean }

// Every `import … from './x.js'` and `export … from './x.js'` of a file, as paths relative to src/
// (packages and node: built-ins left out). `import type` and `export type` erase at compile time.
function importsOf(file: string): Import[] {
  const found: Import[] = [];
  const pattern = /^(import|export)\s+(type\s+)?[^;]*?from\s+'(\.[^']+)'/gms;
  for (const match of text.get(file)!.matchAll(pattern)) {
    const to = relative(src, resolve(src, dirname(file), match[3]!)).split('\\').join('/').replace(/\.js$/, '.ts');
    found.push({ to, typeOnly: match[2] !== undefined });
  }
  return found;
}

const graph = new Map(files.map((file) => [file, importsOf(file)]));

/** The room of a file: its folder under src/ (`assembly` for the kernels' layout), or 'top'. */
const roomOf = (file: string): string => {
  if (file.startsWith('../assembly/')) return 'assembly';
  return file.includes('/') ? file.slice(0, file.indexOf('/')) : 'top';
};

// What each room may import besides itself and src/errors.ts, which every room may (it imports
// nothing). A room may also import what the rooms it may import may: the rule is about direction.
const mayImport: Record<string, readonly string[]> = {
  assembly: [],
  sync: [],
  endpoint: [],
  // The kernels' layout constants (assembly/layout.ts) are compiled in by the rooms that lay out memory.
  memory: ['sync', 'assembly'],
  kinds: ['memory'],
  local: ['kinds', 'memory'],
  parallel: ['sync', 'memory', 'kinds', 'endpoint'],
  worker: ['parallel'],
  stream: ['parallel', 'local'],
};

function allowed(room: string): Set<string> {
  const rooms = new Set([room]);
  for (const next of mayImport[room] ?? []) for (const r of allowed(next)) rooms.add(r);
  return rooms;
}

describe('src/', () => {
  it('has files to check (the parser found the sources and their imports)', () => {
    expect(files).toContain('engine.ts');
    expect(files).toContain('parallel/protocol.ts');
    expect(graph.get('engine.ts')!.map((i) => i.to)).toContain('plan.ts');
  });

  it('has no import cycle, counting type-only imports too', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, path: string[]): void => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...path.slice(path.indexOf(file)), file].join(' -> '));
        return;
      }
      state.set(file, 'open');
      for (const { to } of graph.get(file) ?? []) visit(to, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of files) visit(file, []);
    expect(cycles).toEqual([]);
  });

  it('has no file over 250 lines', () => {
    const long = files.filter((file) => text.get(file)!.split('\n').length > 251)
      .map((file) => `${file}: ${text.get(file)!.split('\n').length - 1} lines`);
    expect(long).toEqual([]);
  });

  it('opens every file with a comment saying its job', () => {
    const bare = files.filter((file) => !/^\/\/ \S.{10,}/.test(text.get(file)!));
    expect(bare).toEqual([]);
  });

  it('builds every error in src/errors.ts', () => {
    const inline = files.filter((file) => file !== 'errors.ts')
      .flatMap((file) => text.get(file)!.split('\n').map((line, i) => [file, i + 1, line] as const))
      .filter(([, , line]) => /\bnew (Error|TypeError|RangeError|WorkerError)\(/.test(line))
      .map(([file, line]) => `${file}:${line}`);
    expect(inline).toEqual([]);
    expect(graph.get('errors.ts')).toEqual([]);
  });

  it('keeps each room to the rooms it may import', () => {
    const breaks: string[] = [];
    for (const file of files) {
      const room = roomOf(file);
      if (room === 'top') continue;
      const rooms = allowed(room);
      for (const { to } of graph.get(file)!) {
        if (to === 'errors.ts' || rooms.has(roomOf(to))) continue;
        breaks.push(`${file} (${room}) imports ${to} (${roomOf(to)})`);
      }
    }
    expect(breaks).toEqual([]);
  });

  it('keeps the worker entries off the main side, and the main side off the worker module', () => {
    const fromMain = files.filter((file) => !file.startsWith('worker/'))
      .filter((file) => graph.get(file)!.some(({ to }) => to.startsWith('worker/')));
    expect(fromMain).toEqual([]);
  });
});
