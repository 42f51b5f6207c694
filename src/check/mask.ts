/**
 * Template masking: placeholders (`{{ patient.first_name }}`, `{% if ... %}`, `${name}`, `[[Name]]`,
 * `<%= x %>`), template and HTML comments, and (in markup files) HTML tags and entities are replaced
 * by spaces of equal length. Offsets, lines and columns stay right; nothing inside a placeholder is
 * flagged; and a phrase split by a placeholder or a tag ("substance {{#if x}}abuser") still matches,
 * because only white space is left between its words. Newlines are kept. Pure.
 */

/** Extensions whose files are markup: tags and entities are masked as well. */
export const MARKUP_EXTENSIONS = new Set(['html', 'htm', 'xhtml', 'hbs', 'handlebars', 'mustache', 'j2', 'jinja', 'jinja2', 'liquid', 'njk', 'md', 'markdown', 'mdx', 'erb', 'ejs', 'vue', 'svelte', 'xml']);

const PLACEHOLDERS = [
  /<!--[\s\S]*?-->/.source, // HTML / Markdown comment
  /\{%-?\s*comment\s*-?%\}[\s\S]*?\{%-?\s*endcomment\s*-?%\}/.source, // Liquid comment block
  /\{%-?\s*raw\s*-?%\}|\{%-?\s*endraw\s*-?%\}/.source,
  /\{\{~?!--[\s\S]*?--~?\}\}/.source, // Handlebars block comment
  /\{\{\{[\s\S]*?\}\}\}/.source, // Handlebars raw output
  /\{\{[\s\S]*?\}\}/.source, // Mustache / Handlebars / Jinja / Liquid output and {{! comments }}
  /\{%[\s\S]*?%\}/.source, // Jinja / Liquid tags
  /\{#[\s\S]*?#\}/.source, // Jinja comment
  /<%[\s\S]*?%>/.source, // ERB / EJS
  /\$\{[^{}\n]*\}/.source, // ${name}
  /\[\[[^[\]\n]*\]\]/.source, // [[Name]]
];
const MARKUP = [
  /<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/.source, // code, not text
  /<\/?[A-Za-z][^<>]*>/.source, // tags
  /&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#x[0-9A-Fa-f]{1,6});/.source, // entities
];

const TEMPLATE_RE = new RegExp(PLACEHOLDERS.join('|'), 'g');
const MARKUP_RE = new RegExp([...PLACEHOLDERS, ...MARKUP].join('|'), 'gi');

export function blank(s: string): string {
  return s.replace(/[^\r\n]/g, ' ');
}

/** Mask placeholders and comments (and, when `markup`, tags and entities) with spaces. */
export function maskTemplate(text: string, options: { markup?: boolean } = {}): string {
  const re = options.markup ? MARKUP_RE : TEMPLATE_RE;
  re.lastIndex = 0;
  return text.replace(re, blank);
}

/** Is a file of this extension markup? */
export function isMarkup(extension: string): boolean {
  return MARKUP_EXTENSIONS.has(extension.toLowerCase());
}
