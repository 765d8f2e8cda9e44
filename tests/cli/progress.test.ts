// The progress bar: only on a terminal and only for large inputs, redrawn at most every 100 ms, and
// erased at the end so nothing of it stays beside the result.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { kProgressBytes, progressBar } from '../../bin/lib/progress.js';

function terminal(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, write: (s: string) => { writes.push(s); return true; } } as unknown as NodeJS.WriteStream };
}

afterEach(() => { vi.useRealTimers(); });

describe('progressBar', () => {
  it('shows nothing unless stderr is a terminal and the input is large', () => {
    expect(progressBar(terminal(false).stream, kProgressBytes * 4, 'a')).toBeUndefined();
    expect(progressBar(terminal(true).stream, kProgressBytes - 1, 'a')).toBeUndefined();
    expect(progressBar(terminal(true).stream, kProgressBytes, 'a')).toBeDefined();
  });

  it('draws at most every 100 ms and erases itself at the end', () => {
    vi.useFakeTimers({ now: 0 });
    const { writes, stream } = terminal(true);
    const bar = progressBar(stream, 4 * kProgressBytes, 'data.txt')!;
    vi.setSystemTime(150);
    bar.update(kProgressBytes);
    bar.update(kProgressBytes + 1);
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatch(/^\r\x1b\[2Kdata\.txt \[#{8}\.{22}\]  25% 64\.0 MiB \/ 256\.0 MiB /);
    vi.setSystemTime(300);
    bar.update(2 * kProgressBytes);
    expect(writes).toHaveLength(2);
    bar.done();
    expect(writes.at(-1)).toBe('\r\x1b[2K');
  });

  it('counts bytes of an input of unknown size once it is large', () => {
    vi.useFakeTimers({ now: 0 });
    const { writes, stream } = terminal(true);
    const bar = progressBar(stream, undefined, '-')!;
    vi.setSystemTime(500);
    bar.update(1 << 20);
    expect(writes).toHaveLength(0);
    bar.done();
    expect(writes).toHaveLength(0);
    vi.setSystemTime(1000);
    bar.update(kProgressBytes * 2);
    expect(writes[0]).toMatch(/^\r\x1b\[2K- 128\.0 MiB /);
  });
});
