/**
 * The client's resources, as a value: the transport's read cache tags answers with them, so a
 * name that is not one of them (a raw `client.graphql()` operation) must not be cached by tag.
 */
export const RESOURCE_NAMES = ['users', 'groups', 'assets', 'navigation', 'comments', 'authentication', 'site', 'system', 'localization', 'search', 'storage'] as const;

export type ResourceName = (typeof RESOURCE_NAMES)[number];

/** Every resource operation name starts with one of these (`pages.update`, `users.list`, …). */
export const CACHE_RESOURCES: ReadonlySet<string> = new Set<string>([...RESOURCE_NAMES, 'pages']);
