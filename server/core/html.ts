/**
 * HTML helpers for comparison: a normalised form in which re-wrapping, whitespace, entity spelling and document
 * boilerplate are not changes, and a tag-stripping text extractor. Not a sanitiser and not a parser: output is for
 * comparing only.
 */
import { decodeHTML, decodeHTMLAttribute, escapeAttribute, escapeText } from 'entities';

/**
 * Decodes every HTML entity (named, decimal, hex) the way browsers do, with the `entities` library: `Caf&eacute;`,
 * `Caf&#233;` and `Café` are one text. Unknown entities stay as they are.
 */
export function decodeEntities(text: string): string {
  return decodeHTML(text);
}

/**
 * One spelling for the text between tags: entities decoded, then only `&`, `<` and `>` escaped; inside tags,
 * attribute values get the same treatment. So two bodies that differ only in how characters are encoded compare
 * equal, while markup stays markup.
 */
function canonicalEncoding(html: string): string {
  return html
    .split(/(<[^>]*>)/)
    .map((part) =>
      part.startsWith('<')
        ? part.replace(/"([^"]*)"/g, (_m, value: string) => `"${escapeAttribute(decodeHTMLAttribute(value))}"`)
        : escapeText(decodeHTML(part)).replace(/&nbsp;/g, ' '),
    )
    .join('');
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Text content of an HTML fragment: tags dropped, block boundaries become spaces, entities decoded. */
export function htmlToText(html: string): string {
  const text = html.replace(/<(script|style|head)\b[\s\S]*?<\/\1\s*>/gi, ' ').replace(/<[^>]*>/g, ' ');
  return decodeEntities(text).replace(/\s+/g, ' ').trim();
}

/**
 * If the whole fragment is one attribute-less `<div>`, `<p>` or `<span>`, returns its inside; otherwise null.
 * Odoo wraps plain text in `<p>`, Exchange in `<div>`: neither is an edit.
 */
function unwrapSingle(html: string): string | null {
  const open = /^<(div|p|span)>/i.exec(html);
  if (!open) return null;
  const tag = (open[1] ?? '').toLowerCase();
  const close = `</${tag}>`;
  if (!html.toLowerCase().endsWith(close)) return null;
  const tags = new RegExp(`<(/?)${tag}\\b[^>]*>`, 'gi');
  let depth = 0;
  for (let m = tags.exec(html); m; m = tags.exec(html)) {
    depth += m[1] === '/' ? -1 : 1;
    if (depth === 0 && m.index + m[0].length < html.length) return null;
  }
  return html.slice(open[0].length, html.length - close.length);
}

/**
 * The comparison form of an HTML body: document wrappers (`<html>`, `<head>…</head>`, `<body>`, `<meta>`,
 * comments) removed, tag names lower-cased, whitespace collapsed and dropped between tags, trivial single wrappers
 * unwrapped, entities spelled one way and `&nbsp;` read as a space. Two bodies with the same normal form show the
 * same thing.
 */
export function normalizeHtml(html: string): string {
  let out = canonicalEncoding(html)
    .normalize('NFC')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<head\b[\s\S]*?<\/head\s*>/gi, '')
    .replace(/<\/?(html|body|meta|!doctype)\b[^>]*>/gi, '')
    .replace(/&nbsp;|&#160;|\u00a0/gi, ' ')
    .replace(/<(\/?)([a-z][a-z0-9]*)/gi, (_m, slash: string, name: string) => `<${slash}${name.toLowerCase()}`)
    .replace(/<br\s*\/?>/g, '<br>')
    .replace(/\s+/g, ' ')
    .replace(/>\s+</g, '><')
    .trim();
  for (let prev = ''; prev !== out;) {
    prev = out;
    out = out
      .replace(/<(div|p|span)><\/\1>/g, '')
      .replace(/(<br>)+$/, '')
      .trim();
    out = unwrapSingle(out)?.trim() ?? out;
  }
  return out;
}
