import { moduleLists } from './modules.js';
import MarkdownIt from 'markdown-it';
import { rateLimit } from './auth.js';
import { can, findPageByPath, now, pageRef, type V2Context } from './context.js';
import type { CommentRec } from './records.js';
import { failure, jsError, success, wikiError } from './wiki-errors.js';

/**
 * comments.* with the default comment provider, which a fresh Wiki.js 2.5 has enabled
 * (server/graph/resolvers/comment.js, server/models/comments.js,
 * server/modules/comments/default/comment.js).
 */
type Args = Record<string, unknown>;
const int = (v: unknown): number => (typeof v === 'number' ? v : Number.NaN);

/** The provider's own markdown-it: no raw HTML, soft breaks, linkify. */
const md = new MarkdownIt({ html: false, breaks: true, linkify: true });

/** The default provider's `minDelay` setting (definition.yml default: 30 s per author). */
const MIN_DELAY_S = 30;

const EMAIL = /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*$/i;

/** validate.js `{ format: 'flat' }` messages, as postNewComment checks a guest's name and email. */
function guestInputError(name: unknown, email: unknown): string | undefined {
  const mail = typeof email === 'string' ? email.toLowerCase() : '';
  if (mail !== '' && (!EMAIL.test(mail) || mail.length > 255)) return mail.length > 255 ? 'Email is too long (maximum is 255 characters)' : 'Email is not a valid email';
  const n = typeof name === 'string' ? name : '';
  if (n.trim() === '') return "Name can't be blank";
  if (n.length < 2) return 'Name is too short (minimum is 2 characters)';
  if (n.length > 255) return 'Name is too long (maximum is 255 characters)';
  return undefined;
}

function commentObject(c: CommentRec): Record<string, unknown> {
  return {
    id: c.id, content: c.content, render: c.render, authorId: c.authorId, authorName: c.name, authorEmail: c.email,
    authorIP: c.ip, createdAt: c.createdAt, updatedAt: c.updatedAt,
  };
}

/** getPageIdFromCommentId + getPageFromDb + the manage:comments check shared by update and delete. */
function manageable(ctx: V2Context, id: number): CommentRec {
  const cm = ctx.svc.data.t.comments.get(id);
  if (cm === undefined) throw wikiError('CommentNotFound');
  const page = ctx.svc.data.t.pages.get(cm.pageId);
  if (page === undefined) throw wikiError('PageNotFound');
  if (!can(ctx, ['manage:comments'], pageRef(ctx.svc, page))) throw wikiError('CommentManageForbidden');
  return cm;
}

export const commentQueryResolvers = {
  providers: () => moduleLists().commentProviders,
  list: (_: unknown, args: Args, ctx: V2Context) => {
    const locale = typeof args['locale'] === 'string' ? args['locale'] : '';
    const path = typeof args['path'] === 'string' ? args['path'] : '';
    const page = findPageByPath(ctx.svc, locale, path);
    if (page === undefined) return [];
    // The real resolver checks the arguments (locale + path), without the page's tags.
    if (!can(ctx, ['read:comments'], { locale, path })) throw wikiError('CommentViewForbidden');
    return [...ctx.svc.data.t.comments.values()]
      .filter((c) => c.pageId === page.id)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id)
      .map(commentObject);
  },
  single: (_: unknown, args: Args, ctx: V2Context) => {
    const cm = ctx.svc.data.t.comments.get(int(args['id']));
    if (cm === undefined) throw wikiError('CommentNotFound');
    const page = ctx.svc.data.t.pages.get(cm.pageId);
    if (page === undefined) throw wikiError('CommentGenericError');
    if (!can(ctx, ['read:comments'], { path: page.path, locale: page.localeCode })) throw wikiError('CommentViewForbidden');
    return commentObject(cm);
  },
};

export const commentMutationResolvers = {
  create: (_: unknown, args: Args, ctx: V2Context) => {
    // @rateLimit(limit: 1, duration: 15) sits outside the resolver: a GraphQL error, per client IP.
    rateLimit(ctx.svc, `${ctx.ip}:CommentMutation.create`, 1, 15);
    try {
      const svc = ctx.svc;
      if (ctx.user.id === 2) {
        const bad = guestInputError(args['guestName'], args['guestEmail']);
        if (bad !== undefined) throw wikiError('InputInvalid', bad);
      }
      const content = (typeof args['content'] === 'string' ? args['content'] : '').trim();
      if (content.length < 2) throw wikiError('CommentContentMissing');
      const page = svc.data.t.pages.get(int(args['pageId']));
      if (page === undefined) throw wikiError('PageNotFound');
      if (!can(ctx, ['write:comments'], { path: page.path, locale: page.localeCode })) throw wikiError('CommentPostForbidden');
      const nowMs = Date.now();
      for (const c of svc.data.t.comments.values()) {
        if (c.authorId === ctx.user.id && nowMs - Date.parse(c.updatedAt) < MIN_DELAY_S * 1000) {
          throw jsError('Error', 'Your administrator has set a time limit before you can post another comment. Try again later.');
        }
      }
      const ts = now();
      const guest = ctx.user.id === 2;
      const rec: CommentRec = {
        id: svc.data.nextId('comments'), content, render: md.render(content), replyTo: typeof args['replyTo'] === 'number' ? args['replyTo'] : null,
        pageId: page.id, authorId: ctx.user.id,
        name: guest && typeof args['guestName'] === 'string' ? args['guestName'] : ctx.user.name,
        email: guest && typeof args['guestEmail'] === 'string' ? args['guestEmail'] : ctx.user.email,
        ip: ctx.ip, createdAt: ts, updatedAt: ts,
      };
      svc.data.save('comments', rec);
      return { responseResult: success('New comment posted successfully'), id: rec.id };
    } catch (e) {
      return { responseResult: failure(e) };
    }
  },
  update: (_: unknown, args: Args, ctx: V2Context) => {
    try {
      const cm = manageable(ctx, int(args['id']));
      // The provider neither trims nor length-checks an edit.
      const content = typeof args['content'] === 'string' ? args['content'] : '';
      const render = md.render(content);
      ctx.svc.data.save('comments', { ...cm, content, render, updatedAt: now() });
      return { responseResult: success('Comment updated successfully'), render };
    } catch (e) {
      return { responseResult: failure(e) };
    }
  },
  delete: (_: unknown, args: Args, ctx: V2Context) => {
    try {
      const cm = manageable(ctx, int(args['id']));
      ctx.svc.data.remove('comments', cm.id);
      return { responseResult: success('Comment deleted successfully') };
    } catch (e) {
      return { responseResult: failure(e) };
    }
  },
};

/** Field-level `@auth` on `CommentPost` (comment.graphql): these fields need one of the scopes. */
export const COMMENT_FIELD_AUTH: Readonly<Record<string, readonly string[]>> = {
  content: ['write:comments', 'manage:comments', 'manage:system'],
  authorEmail: ['manage:system'],
  authorIP: ['manage:system'],
};
