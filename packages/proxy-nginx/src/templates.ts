import { loadTemplate, type TemplateFunction } from '@hop3/kit';

// Templates ship in the package's `templates/` dir, one level above both src/ and dist/.
const templateUrl = (file: string): URL => new URL(`../templates/${file}`, import.meta.url);

export const templateFiles = {
  site: templateUrl('site.conf.hbs'),
  common: templateUrl('common.conf.hbs'),
  main: templateUrl('nginx.conf.hbs'),
  mimeTypes: templateUrl('mime.types'),
} as const;

/** Loaded on first use (and cached by kit), so importing the plugin reads no files. */
export function siteTemplate(): TemplateFunction {
  return loadTemplate(templateFiles.site);
}

export function commonTemplate(): TemplateFunction {
  return loadTemplate(templateFiles.common);
}

export function mainTemplate(): TemplateFunction {
  return loadTemplate(templateFiles.main);
}
