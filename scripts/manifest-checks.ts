// Offline checks of a rendered XML manifest (Microsoft's XML validator is a web service): well-formedness,
// element order, ids, https URLs on the configured host, resource references, icon files and sizes, SSO info.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

/** The slice of the DOM these checks read. */
interface XmlElement {
  nodeType: number;
  nodeName: string;
  localName: string | null;
  firstChild: XmlElement | null;
  nextSibling: XmlElement | null;
  parentNode: XmlElement | null;
  textContent: string | null;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
}
type ErrorHandler = (message: string) => void;
interface XmlDomModule {
  DOMParser: new (options: { errorHandler: Record<'warning' | 'error' | 'fatalError', ErrorHandler> }) => {
    parseFromString(xml: string, mimeType: string): { documentElement: XmlElement };
  };
}
// Loaded untyped on purpose: xmldom's typings add `lib: dom` to every program that imports them (the server's too).
const { DOMParser } = createRequire(__filename)('@xmldom/xmldom') as XmlDomModule;

export interface CheckContext {
  host: string;
  clientId: string;
  /** Folder of the committed icons (addin/assets). */
  assetsDir: string;
  /** Pages the add-in build emits (taskpane.html, ...), relative to /addin/. */
  pages: string[];
}

const ROOT_ORDER = [
  'Id',
  'Version',
  'ProviderName',
  'DefaultLocale',
  'DisplayName',
  'Description',
  'IconUrl',
  'HighResolutionIconUrl',
  'SupportUrl',
  'AppDomains',
  'Hosts',
  'Requirements',
  'FormSettings',
  'Permissions',
  'Rule',
  'DisableEntityHighlighting',
  'VersionOverrides',
];
const ROOT_REQUIRED = [
  'Id',
  'Version',
  'ProviderName',
  'DefaultLocale',
  'DisplayName',
  'Description',
  'IconUrl',
  'HighResolutionIconUrl',
  'Hosts',
  'Permissions',
  'Rule',
];
const V1_0_ORDER = ['Description', 'Requirements', 'Hosts', 'Resources', 'VersionOverrides'];
const V1_1_ORDER = ['Description', 'Requirements', 'Hosts', 'Resources', 'WebApplicationInfo'];
const SURFACES = ['AppointmentOrganizerCommandSurface', 'AppointmentAttendeeCommandSurface'];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Sign-in pages the dialog fallback navigates to: allowed besides our own host. */
const EXTRA_DOMAINS = ['https://login.microsoftonline.com'];
/** Which resource collection each referencing element points into. */
const RESID_KIND: Record<string, string> = {
  Image: 'Images',
  FunctionFile: 'Urls',
  SourceLocation: 'Urls',
  Label: 'ShortStrings',
  Title: 'ShortStrings',
  Description: 'LongStrings',
};

function children(el: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 1) out.push(n as XmlElement);
  return out;
}

function descendants(el: XmlElement): XmlElement[] {
  return children(el).flatMap((c) => [c, ...descendants(c)]);
}

function local(el: XmlElement): string {
  return el.localName ?? el.nodeName;
}

function checkOrder(parent: XmlElement, order: string[], where: string, issues: string[]): void {
  let last = -1;
  for (const child of children(parent)) {
    const index = order.indexOf(local(child));
    if (index === -1) issues.push(`${where}: unexpected element <${local(child)}>`);
    else if (index < last) issues.push(`${where}: <${local(child)}> must come before <${order[last]}>`);
    else last = index;
  }
}

function pngSize(file: string): number | null {
  const buf = readFileSync(file);
  return buf.toString('ascii', 1, 4) === 'PNG' ? buf.readUInt32BE(16) : null;
}

function checkUrl(url: string, where: string, ctx: CheckContext, issues: string[]): void {
  if (!url.startsWith('https://')) {
    issues.push(`${where}: ${url} is not https`);
    return;
  }
  if (url !== ctx.host && !url.startsWith(`${ctx.host}/`)) {
    if (!EXTRA_DOMAINS.includes(url)) issues.push(`${where}: ${url} is not on ${ctx.host}`);
    return;
  }
  const path = url.slice(ctx.host.length);
  if (!path.startsWith('/addin/')) return;
  const rel = path.slice('/addin/'.length);
  const exists = rel.startsWith('assets/') ? existsSync(join(ctx.assetsDir, rel.slice(7))) : ctx.pages.includes(rel);
  if (!exists) issues.push(`${where}: ${url} is not served by the add-in build`);
}

function checkVersionOverrides(vo: XmlElement, label: string, ctx: CheckContext, issues: string[]): void {
  const all = descendants(vo).filter((e) => !(label === 'V1_0' && hasAncestor(e, vo, 'VersionOverrides')));
  const resources = new Map<string, Set<string>>();
  for (const kind of ['Images', 'Urls', 'ShortStrings', 'LongStrings']) {
    const ids = new Set<string>();
    for (const group of all.filter((e) => local(e) === kind)) {
      for (const item of children(group)) {
        const id = item.getAttribute('id') ?? '';
        if (ids.has(id)) issues.push(`${label}: duplicate resource id ${id}`);
        if (id.length === 0 || id.length > 32) issues.push(`${label}: resource id "${id}" must be 1-32 characters`);
        ids.add(id);
        const value = item.getAttribute('DefaultValue') ?? '';
        const max = kind === 'ShortStrings' ? 125 : kind === 'LongStrings' ? 250 : Infinity;
        if (value.length > max) issues.push(`${label}: ${id} is longer than ${max} characters`);
        if (kind === 'Images' || kind === 'Urls') checkUrl(value, `${label} ${id}`, ctx, issues);
      }
    }
    resources.set(kind, ids);
  }
  const controlIds = new Set<string>();
  for (const el of all) {
    const resid = el.hasAttribute('resid') ? el.getAttribute('resid') : null;
    const kind = RESID_KIND[local(el)];
    if (resid !== null && kind && !resources.get(kind)?.has(resid)) {
      issues.push(`${label}: <${local(el)} resid="${resid}"> does not resolve in ${kind}`);
    }
    if (['Group', 'Control'].includes(local(el))) {
      const id = el.getAttribute('id') ?? '';
      if (controlIds.has(id)) issues.push(`${label}: duplicate ${local(el)} id ${id}`);
      if (id.length === 0 || id.length > 125) issues.push(`${label}: ${local(el)} id "${id}" must be 1-125 characters`);
      controlIds.add(id);
    }
    if (local(el) === 'Image' && el.getAttribute('resid')) checkIconSize(el, label, vo, ctx, issues);
  }
  const surfaces = all.filter((e) => local(e) === 'ExtensionPoint').map((e) => e.getAttribute('xsi:type'));
  for (const s of SURFACES) if (!surfaces.includes(s)) issues.push(`${label}: no ${s} extension point`);
  const actions = all.filter((e) => local(e) === 'Action').map((e) => e.getAttribute('xsi:type'));
  if (!actions.includes('ShowTaskpane')) issues.push(`${label}: no ShowTaskpane action`);
}

function hasAncestor(el: XmlElement, stop: XmlElement, name: string): boolean {
  for (let p = el.parentNode as XmlElement | null; p && p !== stop; p = p.parentNode as XmlElement | null) {
    if (local(p) === name) return true;
  }
  return false;
}

function checkIconSize(img: XmlElement, label: string, vo: XmlElement, ctx: CheckContext, issues: string[]): void {
  const resid = img.getAttribute('resid');
  const res = descendants(vo).find((e) => local(e) === 'Image' && e.getAttribute('id') === resid);
  const url = res?.getAttribute('DefaultValue') ?? '';
  const file = url.startsWith(`${ctx.host}/addin/assets/`) ? join(ctx.assetsDir, url.split('/').pop()!) : null;
  if (!file || !existsSync(file)) return; // reported by checkUrl
  const expected = Number(img.getAttribute('size'));
  const actual = pngSize(file);
  if (actual !== expected) issues.push(`${label}: ${resid} is declared ${expected} px but ${file} is ${actual} px`);
}

function checkWebApplicationInfo(v11: XmlElement, ctx: CheckContext, issues: string[]): void {
  const info = children(v11).find((e) => local(e) === 'WebApplicationInfo');
  if (!info) {
    issues.push('V1_1: no WebApplicationInfo (needed for SSO)');
    return;
  }
  const text = (name: string) =>
    children(info)
      .find((e) => local(e) === name)
      ?.textContent?.trim() ?? '';
  if (text('Id') !== ctx.clientId)
    issues.push(`WebApplicationInfo Id ${text('Id')} is not the client id ${ctx.clientId}`);
  const resource = `api://${new URL(ctx.host).host}/${ctx.clientId}`;
  if (text('Resource') !== resource) issues.push(`WebApplicationInfo Resource must be ${resource}`);
  if (!descendants(info).some((e) => local(e) === 'Scope')) issues.push('WebApplicationInfo has no Scope');
}

/** All problems found in a rendered manifest; empty means it passed. */
export function checkXmlManifest(xml: string, ctx: CheckContext): string[] {
  const issues: string[] = [];
  if (xml.includes('{{')) issues.push('an unfilled {{placeholder}} remains');
  const errors: string[] = [];
  const report = (msg: string) => errors.push(msg);
  const doc = new DOMParser({ errorHandler: { warning: report, error: report, fatalError: report } }).parseFromString(
    xml,
    'text/xml',
  );
  if (errors.length) return [...issues, ...errors.map((e) => `not well-formed XML: ${e}`)];
  const root = doc.documentElement;
  if (local(root) !== 'OfficeApp' || root.getAttribute('xsi:type') !== 'MailApp')
    issues.push('root must be <OfficeApp xsi:type="MailApp">');
  checkOrder(root, ROOT_ORDER, 'OfficeApp', issues);
  const top = children(root);
  for (const name of ROOT_REQUIRED)
    if (!top.some((e) => local(e) === name)) issues.push(`OfficeApp: <${name}> is required`);
  const value = (name: string) => top.find((e) => local(e) === name);
  if (!GUID.test(value('Id')?.textContent?.trim() ?? '')) issues.push('Id must be a GUID');
  if (!/^\d+(\.\d+){0,3}$/.test(value('Version')?.textContent?.trim() ?? '')) issues.push('Version must be n.n.n.n');
  if (value('Permissions')?.textContent?.trim() !== 'ReadWriteItem') issues.push('Permissions must be ReadWriteItem');
  for (const el of top.flatMap((e) => [e, ...descendants(e)])) {
    if (
      ['IconUrl', 'HighResolutionIconUrl', 'SupportUrl', 'SourceLocation'].includes(local(el)) &&
      !hasAncestor(el, root, 'VersionOverrides')
    ) {
      checkUrl(el.getAttribute('DefaultValue') ?? '', `<${local(el)}>`, ctx, issues);
    }
    if (local(el) === 'AppDomain') checkUrl(el.textContent?.trim() ?? '', '<AppDomain>', ctx, issues);
  }
  const v10 = value('VersionOverrides');
  if (!v10 || v10.getAttribute('xsi:type') !== 'VersionOverridesV1_0') return [...issues, 'no VersionOverridesV1_0'];
  checkOrder(v10, V1_0_ORDER, 'V1_0', issues);
  checkVersionOverrides(v10, 'V1_0', ctx, issues);
  const v11 = children(v10).find((e) => local(e) === 'VersionOverrides');
  if (!v11 || v11.getAttribute('xsi:type') !== 'VersionOverridesV1_1')
    return [...issues, 'no nested VersionOverridesV1_1'];
  checkOrder(v11, V1_1_ORDER, 'V1_1', issues);
  checkVersionOverrides(v11, 'V1_1', ctx, issues);
  checkWebApplicationInfo(v11, ctx, issues);
  return issues;
}

/** The pages webpack.config.js emits (its HtmlWebpackPlugin `filename:` values). */
export function builtPages(webpackConfig = resolve(__dirname, '..', 'webpack.config.js')): string[] {
  return [...readFileSync(webpackConfig, 'utf8').matchAll(/filename:\s*'([^']+\.html)'/g)].map((m) => m[1]!);
}
