import { AuthError, PermissionError } from '../../errors.js';
import type { CallOptions, DialectContext, Identity, WikiJsDialect, WikiJsDialectFactory, WikiJsGroupSummary, WikiJsId } from '../dialect.js';
import { GraphQLExecutor } from '../graphql.js';
import { v3Assets } from './assets.js';
import { v3Authentication, v3Groups, v3Site, v3System, v3Users } from './admin.js';
import * as doc from './documents.js';
import { V3_WIKI, v3ErrorMapper } from './errors.js';
import { checkUuid } from './ids.js';
import { V3Ops } from './ops.js';
import { V3Pages } from './pages.js';
import { clientError } from '../../client-errors.js';

const GUEST: Identity = { id: '', name: 'Guest', email: '', guest: true };

/**
 * Wiki.js 3.x: `POST /_graphql`, UUID ids, `operation { succeeded slug message }` with `ERR_*`
 * keys, one default site whose id every page call carries. Navigation, comments, localization,
 * search engines and storage are not part of this dialect (the client answers UsageError).
 */
export const wikiJsV3: WikiJsDialectFactory = {
  version: 3,
  endpointPath: '/_graphql',
  create(context: DialectContext): WikiJsDialect {
    const endpoint = `${context.baseUrl}/_graphql`;
    const gql = new GraphQLExecutor({ endpoint, transport: context.transport, mapper: v3ErrorMapper, secrets: context.secrets });
    const anonGql = new GraphQLExecutor({ endpoint, transport: context.anonymousTransport, mapper: v3ErrorMapper, secrets: context.secrets, autoBatch: false });
    const ops = new V3Ops(gql, context);
    const anon = new V3Ops(anonGql, context, false);
    const pages = new V3Pages(ops);
    const groups = v3Groups(ops);
    let adminGroup: Promise<WikiJsGroupSummary> | undefined;
    const adminGroupOf = (options?: CallOptions): Promise<WikiJsGroupSummary> => {
      adminGroup ??= (async () => {
        const list = await gql.execute<{ groups: Array<{ id: string; name: string | null; permissions: Array<string | null> | null } | null> | null }>(doc.GROUPS, undefined, { name: 'groups.list', kind: 'read' }, { signal: options?.signal });
        const admin = (list.groups ?? []).find((g) => g?.permissions?.includes('manage:system')) ?? (list.groups ?? []).find((g) => g?.name === 'Administrators');
        if (!admin) throw clientError('NoAdminGroup', 'Wiki.js 3 lists no group with manage:system (needed for a full-access key or a replacement user)', { wiki: V3_WIKI });
        return { id: admin.id, name: admin.name ?? '', isSystem: true, createdAt: '', updatedAt: '' };
      })().catch((error: unknown) => {
        adminGroup = undefined;
        throw error;
      });
      return adminGroup;
    };
    const adminUserId = async (): Promise<string> => {
      const admin = await groups.get((await adminGroupOf()).id);
      const first = admin.users[0];
      if (!first) throw clientError('NoAdminUser', 'Wiki.js 3: the administrators group has no member to inherit the pages of a deleted user; pass replaceId', { wiki: V3_WIKI });
      return String(first.id);
    };
    return {
      version: 3,
      wiki: V3_WIKI,
      endpoint,
      graphql: gql,
      pages,
      users: v3Users(ops, () => groups.list(), adminUserId),
      groups,
      assets: v3Assets(ops),
      authentication: v3Authentication(ops, anon, async () => String((await adminGroupOf()).id)),
      site: v3Site(ops),
      system: v3System(ops),
      /**
       * v3 has no "current user" query: `userPermissions` refuses the guest, which is what a
       * bad or expired token silently becomes; the identity comes from the token's claims.
       */
      async whoami(options?: CallOptions): Promise<Identity> {
        try {
          await ops.read<unknown>('users.whoami', 'userPermissions', doc.USER_PERMISSIONS, undefined, options);
        } catch (error) {
          if (error instanceof AuthError || error instanceof PermissionError) return GUEST;
          throw error;
        }
        const claims = ops.tokenClaims();
        const id = typeof claims?.['id'] === 'string' ? claims['id'] : typeof claims?.['api'] === 'string' ? claims['api'] : '';
        const name = typeof claims?.['name'] === 'string' ? claims['name'] : typeof claims?.['api'] === 'string' ? 'API key' : 'API key';
        const email = typeof claims?.['email'] === 'string' ? claims['email'] : '';
        return { id, name, email, guest: false };
      },
      checkId(id: WikiJsId, field: string): WikiJsId {
        return checkUuid(id, field);
      },
    } satisfies WikiJsDialect;
  },
};
