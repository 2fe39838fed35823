import os from 'node:os';
import { moduleLists } from './modules.js';
import { can, now, type V2Context, type V2Service } from './context.js';
import type { AssetFolderRec, AssetRec, NavigationItemRec } from './records.js';
import { failure, success, wikiError, jsError } from './wiki-errors.js';

/** assets.*, navigation.*, site.*, system.*, theming.*, localization.* resolvers. */
type Args = Record<string, unknown>;
const int = (v: unknown): number => (typeof v === 'number' ? v : Number.NaN);

export function folderPath(svc: V2Service, folderId: number | null): string {
  const parts: string[] = [];
  let cur = folderId === null ? undefined : svc.data.t.assetFolders.get(folderId);
  while (cur !== undefined) {
    parts.unshift(cur.slug);
    cur = cur.parentId === null ? undefined : svc.data.t.assetFolders.get(cur.parentId);
  }
  return parts.join('/');
}

/** Upload filename rule seen on the real server: lower case; spaces , ; # → `_`. */
export function sanitizeFilename(name: string): string {
  return name.toLowerCase().replace(/[\s,;#]+/g, '_').replace(/[/\\?%*:|"<>]/g, '');
}

export function storeUpload(svc: V2Service, folderId: number, filename: string, mime: string, data: Uint8Array, authorId: number): void {
  const parentId = folderId === 0 ? null : folderId;
  // A missing folder fails a foreign key on the real server, which only logs it (observed: `ok`, nothing stored).
  if (parentId !== null && !svc.data.t.assetFolders.has(parentId)) return;
  const name = sanitizeFilename(filename);
  const dot = name.lastIndexOf('.');
  const ext = dot >= 0 ? name.slice(dot) : '';
  const existing = [...svc.data.t.assets.values()].find((a) => a.folderId === parentId && a.filename === name);
  const ts = now();
  const rec: AssetRec = {
    id: existing?.id ?? svc.data.nextId('assets'), filename: name, ext, kind: mime.startsWith('image/') ? 'image' : 'binary',
    mime, fileSize: data.byteLength, folderId: parentId, authorId, createdAt: existing?.createdAt ?? ts, updatedAt: ts, data,
  };
  svc.data.save('assets', rec);
}

export function findAssetByPath(svc: V2Service, urlPath: string): AssetRec | undefined {
  const clean = urlPath.replace(/^\/+/, '');
  for (const a of svc.data.t.assets.values()) {
    const dir = folderPath(svc, a.folderId);
    if ((dir === '' ? a.filename : `${dir}/${a.filename}`) === clean) return a;
  }
  return undefined;
}

export const assetQueryResolvers = {
  list: (_: unknown, args: Args, ctx: V2Context) => {
    const folderId = int(args['folderId']) === 0 ? null : int(args['folderId']);
    const kind = args['kind'];
    return [...ctx.svc.data.t.assets.values()]
      .filter((a) => a.folderId === folderId && (kind === 'ALL' || a.kind === String(kind).toLowerCase()))
      .filter((a) => can(ctx, ['read:assets'], { path: `${folderPath(ctx.svc, a.folderId)}/${a.filename}`.replace(/^\//, ''), locale: 'en' }))
      .map((a) => ({
        id: a.id, filename: a.filename, ext: a.ext, kind: a.kind.toUpperCase(), mime: a.mime, fileSize: a.fileSize,
        metadata: null, createdAt: a.createdAt, updatedAt: a.updatedAt, folder: null, author: null,
      }));
  },
  folders: (_: unknown, args: Args, ctx: V2Context) => {
    const parentId = int(args['parentFolderId']) === 0 ? null : int(args['parentFolderId']);
    return [...ctx.svc.data.t.assetFolders.values()]
      .filter((f) => f.parentId === parentId && can(ctx, ['read:assets'], { path: folderPath(ctx.svc, f.id), locale: 'en' }))
      .map((f) => ({ id: f.id, slug: f.slug, name: f.name }));
  },
};

const wrap = (fn: () => string): { responseResult: ReturnType<typeof success> } => {
  try {
    return { responseResult: success(fn()) };
  } catch (e) {
    return { responseResult: failure(e) };
  }
};

export const assetMutationResolvers = {
  createFolder: (_: unknown, args: Args, ctx: V2Context) => wrap(() => {
    const parentId = int(args['parentFolderId']) === 0 ? null : int(args['parentFolderId']);
    // `name` is ignored and the slug is only trimmed + lower-cased (spaces survive) — observed.
    const slug = String(args['slug']).trim().toLowerCase();
    if ([...ctx.svc.data.t.assetFolders.values()].some((f) => f.parentId === parentId && f.slug === slug)) throw wikiError('AssetFolderExists');
    const rec: AssetFolderRec = { id: ctx.svc.data.nextId('assetFolders'), parentId, slug, name: slug };
    ctx.svc.data.save('assetFolders', rec);
    return 'Asset Folder has been created successfully.';
  }),
  renameAsset: (_: unknown, args: Args, ctx: V2Context) => wrap(() => {
    const a = ctx.svc.data.t.assets.get(int(args['id']));
    if (a === undefined) throw wikiError('AssetInvalid');
    const filename = String(args['filename']);
    if (!/^[^\s/\\?%*:|"<>]+$/.test(filename) || filename.length < 2) throw wikiError('AssetRenameInvalid');
    const dot = filename.lastIndexOf('.');
    if ((dot >= 0 ? filename.slice(dot) : '') !== a.ext) throw wikiError('AssetRenameInvalidExt');
    if ([...ctx.svc.data.t.assets.values()].some((x) => x.folderId === a.folderId && x.filename === filename && x.id !== a.id)) throw wikiError('AssetRenameCollision');
    ctx.svc.data.save('assets', { ...a, filename, updatedAt: now() });
    return 'Asset has been renamed successfully.';
  }),
  deleteAsset: (_: unknown, args: Args, ctx: V2Context) => wrap(() => {
    const id = int(args['id']);
    if (!ctx.svc.data.t.assets.has(id)) throw wikiError('AssetInvalid');
    ctx.svc.data.remove('assets', id);
    return 'Asset has been deleted successfully.';
  }),
  flushTempUploads: () => ({ responseResult: success('Temporary Uploads have been flushed successfully.') }),
};

export const navigationQueryResolvers = {
  tree: (_: unknown, _a: Args, ctx: V2Context) => ctx.svc.data.settings.navigation,
  config: (_: unknown, _a: Args, ctx: V2Context) => ({ mode: ctx.svc.data.settings.navigationMode }),
};

export const navigationMutationResolvers = {
  updateTree: (_: unknown, args: Args, ctx: V2Context) => {
    const tree = Array.isArray(args['tree']) ? (args['tree'] as Array<{ locale: string; items: NavigationItemRec[] }>) : [];
    ctx.svc.data.settings.navigation = tree.map((t) => ({
      locale: t.locale,
      items: t.items.map((i) => ({
        id: i.id, kind: i.kind, label: i.label ?? null, icon: i.icon ?? null, targetType: i.targetType ?? null,
        target: i.target ?? null, visibilityMode: i.visibilityMode ?? null, visibilityGroups: i.visibilityGroups ?? null,
      })),
    }));
    ctx.svc.data.saveSettings();
    return { responseResult: success('Navigation updated successfully') };
  },
  updateConfig: (_: unknown, args: Args, ctx: V2Context) => {
    ctx.svc.data.settings.navigationMode = String(args['mode']);
    ctx.svc.data.saveSettings();
    return { responseResult: success('Navigation config updated successfully') };
  },
};

export function defaultSite(host: string): Record<string, unknown> {
  return {
    host, title: 'Wiki.js', description: '', robots: ['index', 'follow'], analyticsService: '', analyticsId: '', company: '',
    contentLicense: '', footerOverride: '', logoUrl: 'https://static.requarks.io/logo/wikijs-butterfly.svg', pageExtensions: 'md, html, txt',
    // A fresh install has no value for these three (observed: null).
    authAutoLogin: null, authEnforce2FA: null, authHideLocal: null, authLoginBgUrl: '', authJwtAudience: 'urn:wiki.js',
    authJwtExpiration: '30m', authJwtRenewablePeriod: '14d', editFab: true, editMenuBar: false, editMenuBtn: true,
    editMenuExternalBtn: true, editMenuExternalName: 'GitHub', editMenuExternalIcon: 'mdi-github',
    editMenuExternalUrl: 'https://github.com/org/repo/blob/main/{filename}', featurePageRatings: true, featurePageComments: true,
    featurePersonalWikis: true, securityOpenRedirect: true, securityIframe: true, securityReferrerPolicy: true, securityTrustProxy: false,
    securitySRI: true, securityHSTS: false, securityHSTSDuration: 300, securityCSP: false, securityCSPDirectives: '',
    uploadMaxFileSize: 5242880, uploadMaxFiles: 10, uploadScanSVG: true, uploadForceDownload: true,
  };
}

export const siteQueryResolvers = { config: (_: unknown, _a: Args, ctx: V2Context) => ctx.svc.data.settings.site };
export const siteMutationResolvers = {
  updateConfig: (_: unknown, args: Args, ctx: V2Context) => {
    for (const [k, v] of Object.entries(args)) if (v !== undefined && v !== null) ctx.svc.data.settings.site[k] = v;
    ctx.svc.data.saveSettings();
    return { responseResult: success('Site configuration updated successfully') };
  },
};

export const systemQueryResolvers = {
  flags: () => [{ key: 'ldapdebug', value: false }, { key: 'sqllog', value: false }],
  info: (_: unknown, _a: Args, ctx: V2Context) => {
    const port = Number(new URL(ctx.svc.baseUrl()).port);
    return {
      configFile: 'config.yml', cpuCores: os.cpus().length, currentVersion: '2.5.314', dbHost: 'wikikit-sandbox', dbType: 'PostgreSQL',
      dbVersion: '15.18', groupsTotal: ctx.svc.data.t.groups.size, hostname: os.hostname(), httpPort: port, httpRedirection: false,
      httpsPort: 0, latestVersion: '2.5.314', latestVersionReleaseDate: '2024-04-21T00:00:00.000Z', nodeVersion: process.version.slice(1),
      operatingSystem: `${os.type()} ${os.release()}`, pagesTotal: ctx.svc.data.t.pages.size, platform: os.platform(),
      ramTotal: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GB`, sslDomain: null, sslExpirationDate: null, sslProvider: null, sslStatus: null,
      sslSubscriberEmail: null, tagsTotal: ctx.svc.data.t.tags.size, telemetry: false, telemetryClientId: ctx.svc.data.settings.telemetryClientId,
      upgradeCapable: false, usersTotal: ctx.svc.data.t.users.size, workingDirectory: process.cwd(),
    };
  },
  extensions: () => [],
  exportStatus: () => ({ status: 'notrunning', progress: 0, message: '', startedAt: null }),
};

export const themingQueryResolvers = {
  themes: () => [{ key: 'default', title: 'Default', author: 'requarks.io' }],
  config: (_: unknown, _a: Args, ctx: V2Context) => ctx.svc.data.settings.theming,
};
export const themingMutationResolvers = {
  setConfig: (_: unknown, args: Args, ctx: V2Context) => {
    const t = ctx.svc.data.settings.theming;
    t.theme = String(args['theme']);
    t.iconset = String(args['iconset']);
    t.darkMode = args['darkMode'] === true;
    for (const k of ['tocPosition', 'injectCSS', 'injectHead', 'injectBody'] as const) if (typeof args[k] === 'string') t[k] = args[k];
    ctx.svc.data.saveSettings();
    return { responseResult: success('Theme config updated') };
  },
};

export const localizationQueryResolvers = {
  locales: () => [{ availability: 0, code: 'en', createdAt: '2019-01-01T00:00:00.000Z', installDate: null, isInstalled: true, isRTL: false, name: 'English', nativeName: 'English', updatedAt: '2019-01-01T00:00:00.000Z' }],
  config: () => ({ locale: 'en', autoUpdate: true, namespacing: false, namespaces: [] }),
  // Offline 2.5 has no translation files loaded: every locale/namespace pair is refused (observed).
  translations: () => { throw jsError('Error', 'Invalid locale or namespace'); },
};

export const searchQueryResolvers = {
  searchEngines: () => moduleLists().searchEngines,
};

/**
 * Storage: a fresh 2.5 install has no target enabled, so `status` is empty (observed setup).
 * `targets` lists the 2.5 storage modules as served, all disabled; they cannot be enabled here.
 */
export const storageQueryResolvers = {
  targets: () => moduleLists().storageTargets,
  status: () => [],
};

export const searchMutationResolvers = {
  // The `db` engine queries the pages table live: there is no index to rebuild.
  rebuildIndex: () => ({ responseResult: success('Index rebuilt successfully') }),
};
