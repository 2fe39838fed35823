import { AuthError, PermissionError } from '../../errors.js';
import type { DialectContext, Identity, WikiJsDialect, WikiJsDialectFactory, WikiJsId } from '../dialect.js';
import { GraphQLExecutor } from '../graphql.js';
import { checkIntId } from '../validate.js';
import { v2Authentication, v2Comments, v2Groups, v2Localization, v2Navigation, v2Search, v2Site, v2Storage, v2System, v2Users } from './admin.js';
import { v2Assets } from './assets.js';
import { v2ErrorMapper } from './errors.js';
import { V2Ops } from './ops.js';
import { V2Pages } from './pages.js';

/** Wiki.js 2.x: `POST /graphql`, integer ids, numeric error codes. */
export const wikiJsV2: WikiJsDialectFactory = {
  version: 2,
  endpointPath: '/graphql',
  create(context: DialectContext): WikiJsDialect {
    const endpoint = `${context.baseUrl}/graphql`;
    const gql = new GraphQLExecutor({ endpoint, transport: context.transport, mapper: v2ErrorMapper, secrets: context.secrets });
    const anon = new GraphQLExecutor({ endpoint, transport: context.anonymousTransport, mapper: v2ErrorMapper, secrets: context.secrets, autoBatch: false });
    const ops = new V2Ops(gql);
    const users = v2Users(ops);
    return {
      version: 2,
      wiki: 'wikijs-v2',
      endpoint,
      graphql: gql,
      pages: new V2Pages(gql),
      users,
      groups: v2Groups(ops),
      assets: v2Assets(ops, context.transport, context.baseUrl, context.secrets),
      navigation: v2Navigation(ops),
      comments: v2Comments(ops),
      authentication: v2Authentication(ops, new V2Ops(anon)),
      site: v2Site(ops),
      system: v2System(ops),
      localization: v2Localization(ops),
      search: v2Search(ops),
      storage: v2Storage(ops),
      async whoami(options): Promise<Identity> {
        // `users.profile` answers AuthRequired/Forbidden for the Guest, which is what an
        // invalid token silently becomes on Wiki.js 2 (HTTP 200, guest data).
        try {
          const profile = await users.profile?.(options);
          if (!profile) return { id: 2, name: 'Guest', email: '', guest: true };
          return { id: profile.id, name: profile.name, email: profile.email, guest: profile.id === 2 };
        } catch (error) {
          if (error instanceof AuthError || error instanceof PermissionError) return { id: 2, name: 'Guest', email: '', guest: true };
          throw error;
        }
      },
      checkId(id: WikiJsId, field: string): WikiJsId {
        return checkIntId(id, field, 2);
      },
    } satisfies WikiJsDialect;
  },
};
