// Every name the README and docs/ import from 'parallel-sum' exists where a user's code will look for
// it: in the Node entry always, and in the browser entry (what bundlers pick for a page) unless the
// import line says it is Node only. (A snippet importing a Node-only name in a line a browser app
// would copy fails at bundle time.)
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import * as browser from '../../dist/browser.js';
import * as node from '../../dist/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const documents = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

it('imports only names the entries export, Node-only names on lines that say so', () => {
  let lines = 0;
  for (const file of documents) {
    const text = readFileSync(join(root, file), 'utf8');
    for (const [, names, rest] of text.matchAll(/^import \{([^}]*)\} from 'parallel-sum';(.*)$/gm)) {
      lines++;
      const nodeOnly = /Node only/.test(rest!);
      for (const name of names!.split(',').map((n) => n.trim().replace(/^type /, '')).filter(Boolean)) {
        expect(Object.keys(node), `${file}: ${name}`).toContain(name);
        if (!nodeOnly) expect(Object.keys(browser), `${file}: ${name} (browser entry)`).toContain(name);
      }
    }
  }
  expect(lines).toBeGreaterThan(3);
});
