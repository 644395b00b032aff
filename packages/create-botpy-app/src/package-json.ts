import { readFileSync } from 'node:fs';
import type { TemplateName } from './templates.js';

/** The versions of the tools a generated project uses (the toolchain this framework is tested with). */
export const TOOL_VERSIONS = {
  typescript: '~5.9.3',
  jest: '^30.5.2',
  '@jest/globals': '^30.5.2',
  '@types/jest': '^30.0.0',
  'ts-jest': '^29.4.15',
  'ts-node': '^10.9.2',
  '@types/node': '^20.19.0',
} as const;

/** This package's own version: the generated project depends on the @botpy packages of the same release. */
export function scaffolderVersion(): string {
  const raw = readFileSync(new URL('../package.json', import.meta.url), 'utf8');
  return (JSON.parse(raw) as { version: string }).version;
}

export interface GeneratedPackageJson {
  name: string;
  version: string;
  private: boolean;
  type: 'module';
  description: string;
  main: string;
  scripts: Record<string, string>;
  engines: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

/** The package.json of a new project. */
export function buildPackageJson(o: { packageName: string; template: TemplateName; botpyVersion?: string }): GeneratedPackageJson {
  const botpy = `^${o.botpyVersion ?? scaffolderVersion()}`;
  return {
    name: o.packageName,
    version: '0.1.0',
    private: true,
    type: 'module',
    description: `A Stack Exchange chat bot built with Botpy (${o.template} template)`,
    main: './dist/main.js',
    scripts: {
      build: 'tsc -p tsconfig.build.json',
      start: 'node dist/main.js',
      dev: 'npm run build && botpy dev . --watch',
      test: 'node --experimental-vm-modules --no-warnings=ExperimentalWarning node_modules/jest/bin/jest.js',
      typecheck: 'tsc -p tsconfig.json --noEmit',
    },
    engines: { node: '>=20.19' },
    dependencies: { '@botpy/core': botpy },
    devDependencies: {
      '@botpy/cli': botpy,
      '@botpy/testing': botpy,
      ...TOOL_VERSIONS,
    },
  };
}
