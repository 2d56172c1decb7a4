// Builds the publishable package: dist/esm (ES module), dist/cjs (CommonJS), each with its own
// package.json "type" and its declarations (the ESM copy with explicit .js specifiers).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = dirname(fileURLToPath(import.meta.url));
const dist = join(root, 'dist');
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;

rmSync(dist, { recursive: true, force: true });

for (const format of ['esm', 'cjs']) {
  await build({
    entryPoints: [join(root, 'src', 'index.ts')],
    outfile: join(dist, format, 'index.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format,
    tsconfig: join(root, 'tsconfig.lib.json'),
    banner: { js: `/* @the-eye/client ${version} */` },
    logLevel: 'warning',
  });
  const type = format === 'esm' ? 'module' : 'commonjs';
  writeFileSync(join(dist, format, 'package.json'), `${JSON.stringify({ type }, null, 2)}\n`);
}

// Declarations (this also type-checks the library's own files).
const tsc = join(root, '..', '..', 'node_modules', 'typescript', 'bin', 'tsc');
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.lib.json')], { stdio: 'inherit' });

// Under "type": "module", relative imports need their extension: copy with "./x" -> "./x.js".
const cjsTypes = join(dist, 'cjs');
for (const file of readdirSync(cjsTypes, { recursive: true }).map(String).filter((f) => f.endsWith('.d.ts'))) {
  const from = join(cjsTypes, file);
  const text = readFileSync(from, 'utf8').replace(
    /(\bfrom\s+|\bimport\s*\(\s*)(['"])(\.{1,2}\/[^'"]*?)\2/g,
    (match, lead, quote, specifier) => {
      if (/\.(js|mjs|cjs|json)$/.test(specifier)) return match;
      const base = join(dirname(from), specifier);
      if (existsSync(`${base}.d.ts`)) return `${lead}${quote}${specifier}.js${quote}`;
      if (existsSync(join(base, 'index.d.ts'))) return `${lead}${quote}${specifier}/index.js${quote}`;
      throw new Error(`${relative(root, from)}: cannot resolve ${specifier}`);
    },
  );
  const to = join(dist, 'esm', file);
  mkdirSync(dirname(to), { recursive: true });
  writeFileSync(to, text);
}
