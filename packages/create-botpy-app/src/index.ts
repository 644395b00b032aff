export { CreateAppError, type CreateAppErrorCode } from './create-app-error.js';
export { validateProjectName, resolveProjectTarget, type NameCheck, type ProjectTarget } from './project-name.js';
export { TEMPLATES, templatesRoot, isTemplateName, assertTemplateName, loadTemplate, outputName, type TemplateName, type TemplateFile } from './templates.js';
export { buildPackageJson, scaffolderVersion, TOOL_VERSIONS, type GeneratedPackageJson } from './package-json.js';
export { renderProject, fillPlaceholders, type TemplateValues } from './render.js';
export { inspectTarget, targetNotEmptyError, type TargetState } from './target-directory.js';
export { createApp, detectPackageManager, type CreateAppOptions, type CreateAppResult, type PackageManager } from './create-app.js';
export { runCli, type CliIo } from './program.js';
