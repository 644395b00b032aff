import { describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { CreateAppError } from '../src/create-app-error.js';
import type { GeneratedPackageJson } from '../src/package-json.js';
import { fillPlaceholders, renderProject } from '../src/render.js';
import { outputName, type TemplateName } from '../src/templates.js';

const target = { packageName: '@me/quote-bot', botName: 'QuoteBot' };

const COMMON = [
  '.env.example',
  '.gitignore',
  'README.md',
  'jest.config.ts',
  'package.json',
  'src/bot.ts',
  'src/main.ts',
  'tsconfig.build.json',
  'tsconfig.json',
];

async function render(template: TemplateName) {
  const files = await renderProject({ target, template, botpyVersion: '1.2.3' });
  return new Map(files.map((f) => [f.path, f.content]));
}

describe('renderProject', () => {
  it('renders the minimal template: one command and its test', async () => {
    const files = await render('minimal');
    expect([...files.keys()].sort()).toEqual([...COMMON, 'src/commands/hello.command.ts', 'test/hello.test.ts'].sort());
  });

  it('renders the full template: several commands, a background task, tests', async () => {
    const files = await render('full');
    const paths = [...files.keys()];
    for (const p of COMMON) expect(paths).toContain(p);
    expect(paths.filter((p) => /^src\/commands\/[a-z-]+\.command\.ts$/.test(p)).length).toBeGreaterThanOrEqual(3);
    expect(paths.filter((p) => /^src\/tasks\/[a-z-]+\.task\.ts$/.test(p)).length).toBeGreaterThanOrEqual(1);
    expect(paths.filter((p) => /^test\/[a-z-]+\.test\.ts$/.test(p)).length).toBeGreaterThanOrEqual(2);
    expect(files.get('src/bot.ts')).toMatch(/tasks:/);
  });

  it.each(['minimal', 'full'] as const)('fills every placeholder of the %s template', async (template) => {
    const files = await render(template);
    for (const [p, content] of files) expect({ p, leftover: /\{\{/.test(content) }).toEqual({ p, leftover: false });
    expect(files.get('README.md')).toMatch(/^# @me\/quote-bot\n/);
    expect(files.get('README.md')).toContain(`the \`${template}\` template`);
    expect(files.get('src/bot.ts')).toContain("name: 'QuoteBot'");
    for (const [p, content] of files) if (p.startsWith('test/')) expect(content).toContain('@QuoteBot ');
  });

  it.each(['minimal', 'full'] as const)('writes an ESM package.json for %s with the scripts and pinned toolchain', async (template) => {
    const pkg = JSON.parse((await render(template)).get('package.json')!) as GeneratedPackageJson;
    expect(pkg.name).toBe('@me/quote-bot');
    expect(pkg.type).toBe('module');
    expect(Object.keys(pkg.scripts)).toEqual(expect.arrayContaining(['build', 'start', 'dev', 'test']));
    expect(pkg.scripts.start).toBe('node dist/main.js');
    expect(pkg.scripts.test).toContain('--experimental-vm-modules');
    expect(pkg.dependencies).toEqual({ '@botpy/core': '^1.2.3' });
    expect(pkg.devDependencies).toMatchObject({
      '@botpy/testing': '^1.2.3',
      typescript: '~5.9.3',
      jest: '^30.5.2',
      'ts-jest': '^29.4.15',
      '@jest/globals': '^30.5.2',
      '@types/node': expect.stringMatching(/^\^20\./),
    });
  });

  it('starts the bot from main.ts and documents the environment it reads', async () => {
    const files = await render('minimal');
    const main = files.get('src/main.ts')!;
    expect(main).toContain('await bootstrap({');
    expect(main).toContain('...botOptions()');
    expect(main).toContain('handleSignals: true');
    for (const name of ['ChatbotEmail', 'ChatbotPass', 'BOTPY_HOST', 'BOTPY_ROOMS', 'BOTPY_CHAT_ORIGIN', 'BOTPY_LOGIN_ORIGIN']) {
      expect(main).toContain(name);
      expect(files.get('.env.example')).toContain(name);
    }
  });

  it("links, in the README, only to what an installed project has (the packages' own READMEs)", async () => {
    const packagesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
    const readme = (await render('minimal')).get('README.md')!;
    const links = [...readme.matchAll(/\]\(([^)]+)\)/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) {
      const [, pkg] = /^node_modules\/@botpy\/([a-z-]+)\/README\.md$/.exec(link) ?? [];
      expect({ link, shipped: pkg !== undefined && existsSync(path.join(packagesDir, pkg, 'README.md')) }).toEqual({ link, shipped: true });
    }
  });

  it('configures decorators and ESM jest', async () => {
    const files = await render('minimal');
    // tsconfig.json may carry comments: read it as the compiler does.
    const { config: tsconfig, error } = ts.parseConfigFileTextToJson('tsconfig.json', files.get('tsconfig.json')!) as { config: { compilerOptions: Record<string, unknown> }; error?: unknown };
    expect(error).toBeUndefined();
    expect(files.get('tsconfig.json')).toMatch(/experimentalDecorators.*emitDecoratorMetadata/s);
    expect(files.get('README.md')).toContain('"experimentalDecorators": true` and `"emitDecoratorMetadata": true');
    expect(tsconfig.compilerOptions).toMatchObject({ experimentalDecorators: true, emitDecoratorMetadata: true, module: 'nodenext' });
    expect(files.get('jest.config.ts')).toContain('createDefaultEsmPreset');
    expect(files.get('.env.example')).toMatch(/^ChatbotEmail=/m);
    expect(files.get('.env.example')).toMatch(/^ChatbotPass=/m);
    expect(files.get('.gitignore')).toMatch(/^node_modules\/$/m);
  });

  it('uses createTestBot in the tests', async () => {
    for (const template of ['minimal', 'full'] as const) {
      const files = await render(template);
      const tests = [...files].filter(([p]) => p.startsWith('test/'));
      expect(tests.length).toBeGreaterThan(0);
      for (const [, content] of tests) expect(content).toContain("from '@botpy/testing'");
    }
  });
});

describe('fillPlaceholders', () => {
  it('refuses an unknown placeholder, naming the file', () => {
    const values = { packageName: 'a', botName: 'a', template: 'minimal' as const };
    expect(() => fillPlaceholders({ path: 'src/x.ts', content: 'const x = "{{nope}}";' }, values)).toThrow(CreateAppError);
    expect(() => fillPlaceholders({ path: 'src/x.ts', content: '{{nope}}' }, values)).toThrow(/src\/x\.ts.*\{\{nope\}\}/);
  });
});

describe('outputName', () => {
  it('turns a leading underscore into a dot', () => {
    expect(outputName('_gitignore')).toBe('.gitignore');
    expect(outputName('_env.example')).toBe('.env.example');
    expect(outputName('main.ts')).toBe('main.ts');
  });
});
