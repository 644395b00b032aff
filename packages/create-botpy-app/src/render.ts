import { CreateAppError } from './create-app-error.js';
import { buildPackageJson } from './package-json.js';
import type { ProjectTarget } from './project-name.js';
import { loadTemplate, type TemplateFile, type TemplateName } from './templates.js';

/** The values a template's `{{placeholder}}`s are filled with. */
export interface TemplateValues {
  packageName: string;
  botName: string;
  template: TemplateName;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z]+)\s*\}\}/g;

/** Fills `{{packageName}}`, `{{botName}}`, `{{template}}`; any other placeholder is a template bug. */
export function fillPlaceholders(file: TemplateFile, values: TemplateValues): TemplateFile {
  const content = file.content.replace(PLACEHOLDER, (_match, key: string) => {
    if (!Object.hasOwn(values, key)) {
      throw new CreateAppError('TEMPLATE_ERROR', `Template file ${file.path} uses an unknown placeholder {{${key}}}.`);
    }
    return String(values[key as keyof TemplateValues]);
  });
  return { path: file.path, content };
}

/** Every file of the new project, ready to write (paths relative to the project directory, sorted). */
export async function renderProject(
  o: { target: Pick<ProjectTarget, 'packageName' | 'botName'>; template: TemplateName; botpyVersion?: string; templatesDir?: string },
): Promise<TemplateFile[]> {
  const values: TemplateValues = { packageName: o.target.packageName, botName: o.target.botName, template: o.template };
  const files = (await loadTemplate(o.template, o.templatesDir)).map((f) => fillPlaceholders(f, values));
  const pkg = buildPackageJson({ packageName: o.target.packageName, template: o.template, botpyVersion: o.botpyVersion });
  files.push({ path: 'package.json', content: `${JSON.stringify(pkg, null, 2)}\n` });
  return files.sort((a, b) => a.path.localeCompare(b.path));
}
