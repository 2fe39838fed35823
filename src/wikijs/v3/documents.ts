/**
 * GraphQL documents of the Wiki.js 3 dialect, written against the introspected 3.0.0 schema
 * (schemas/wikijs-v3.introspection.json; test/wikijs/v3/documents.test.ts validates each one).
 * Mutations select `operation { succeeded slug message }`: v3 has no `errorCode`.
 */

export const OPERATION = 'operation { succeeded slug message }';

export const PAGE_FIELDS = 'id siteId path locale title description icon editor contentType content render tags hash publishState publishStartDate publishEndDate isBrowsable isSearchable scriptCss scriptJsLoad scriptJsUnload author { id name email } creator { id name email } createdAt updatedAt';

export const SITES = 'query WikikitV3Sites { sites { id hostname isEnabled title description company contentLicense } }';

export const AUTH_SITE_STRATEGIES = 'query WikikitV3Strategies($siteId: UUID!) { authSiteStrategies(siteId: $siteId, visibleOnly: false) { id isVisible activeStrategy { id displayName isEnabled strategy { key title } } } }';

export const LOGIN = `mutation WikikitV3Login($username: String!, $password: String!, $strategyId: UUID!, $siteId: UUID!) { login(username: $username, password: $password, strategyId: $strategyId, siteId: $siteId) { ${OPERATION} jwt nextAction continuationToken redirect } }`;

export const USER_PERMISSIONS = 'query WikikitV3Whoami { userPermissions }';

export const PAGE_BY_ID = `query WikikitV3PageById($id: UUID!) { pageById(id: $id) { ${PAGE_FIELDS} } }`;
export const PAGE_BY_PATH = `query WikikitV3PageByPath($siteId: UUID!, $path: String!) { pageByPath(siteId: $siteId, path: $path) { ${PAGE_FIELDS} } }`;
export const PAGE_ID_BY_PATH = 'query WikikitV3PageIdByPath($siteId: UUID!, $path: String!) { pageByPath(siteId: $siteId, path: $path) { id } }';

export const PAGES_LIST = 'query WikikitV3Pages($limit: Int, $orderBy: PageOrderBy, $orderByDirection: PageOrderByDirection, $tags: [String!], $locale: String) { pages(limit: $limit, orderBy: $orderBy, orderByDirection: $orderByDirection, tags: $tags, locale: $locale) { id path locale title description contentType isPublished isPrivate createdAt updatedAt tags } }';

export const SEARCH_PAGES = 'query WikikitV3Search($siteId: UUID!, $query: String!, $path: String, $locale: [String], $tags: [String], $orderBy: PageSearchSort, $orderByDirection: OrderByDirection, $offset: Int, $limit: Int) { searchPages(siteId: $siteId, query: $query, path: $path, locale: $locale, tags: $tags, orderBy: $orderBy, orderByDirection: $orderByDirection, offset: $offset, limit: $limit) { totalHits results { id path locale title description tags updatedAt } } }';

export const TREE = 'query WikikitV3Tree($siteId: UUID!, $parentPath: String, $locale: String, $types: [TreeItemType], $depth: Int, $limit: Int, $offset: Int) { tree(siteId: $siteId, parentPath: $parentPath, locale: $locale, types: $types, depth: $depth, limit: $limit, offset: $offset, orderBy: fileName, orderByDirection: asc) { __typename id folderPath fileName title ... on TreeItemFolder { childrenCount depth } ... on TreeItemPage { depth editor pageType description createdAt updatedAt } ... on TreeItemAsset { fileSize fileExt mimeType createdAt updatedAt } } }';

export const TAGS = 'query WikikitV3Tags($siteId: UUID!) { tags(siteId: $siteId) { id tag usageCount createdAt updatedAt } }';

export const PAGE_HISTORY = 'query WikikitV3History($id: Int!, $offsetPage: Int, $offsetSize: Int) { pageHistoryById(id: $id, offsetPage: $offsetPage, offsetSize: $offsetSize) { total trail { versionId versionDate authorId authorName actionType valueBefore valueAfter } } }';
export const PAGE_VERSION = 'query WikikitV3Version($pageId: Int!, $versionId: Int!) { pageVersionById(pageId: $pageId, versionId: $versionId) { versionId pageId action authorId authorName content contentType createdAt versionDate description editor isPrivate isPublished locale path publishStartDate publishEndDate tags title } }';

export const CREATE_PAGE = `mutation WikikitV3CreatePage($siteId: UUID!, $path: String!, $locale: String!, $title: String!, $description: String!, $content: String!, $editor: String!, $publishState: PagePublishState!, $publishStartDate: Date, $publishEndDate: Date, $tags: [String!], $scriptCss: String, $scriptJsLoad: String) { createPage(siteId: $siteId, path: $path, locale: $locale, title: $title, description: $description, content: $content, editor: $editor, publishState: $publishState, publishStartDate: $publishStartDate, publishEndDate: $publishEndDate, tags: $tags, scriptCss: $scriptCss, scriptJsLoad: $scriptJsLoad) { ${OPERATION} page { ${PAGE_FIELDS} } } }`;
export const UPDATE_PAGE = `mutation WikikitV3UpdatePage($id: UUID!, $patch: PageUpdateInput!) { updatePage(id: $id, patch: $patch) { ${OPERATION} page { ${PAGE_FIELDS} } } }`;
export const CONVERT_PAGE = `mutation WikikitV3ConvertPage($id: UUID!, $editor: String!) { convertPage(id: $id, editor: $editor) { ${OPERATION} } }`;
export const MOVE_PAGE = `mutation WikikitV3MovePage($id: UUID!, $destinationLocale: String!, $destinationPath: String!) { movePage(id: $id, destinationLocale: $destinationLocale, destinationPath: $destinationPath) { ${OPERATION} } }`;
export const DELETE_PAGE = `mutation WikikitV3DeletePage($id: UUID!) { deletePage(id: $id) { ${OPERATION} } }`;
export const RERENDER_PAGE = `mutation WikikitV3RerenderPage($id: UUID!) { rerenderPage(id: $id) { ${OPERATION} } }`;

export const CREATE_FOLDER = `mutation WikikitV3CreateFolder($siteId: UUID!, $locale: String!, $parentPath: String, $pathName: String!, $title: String!) { createFolder(siteId: $siteId, locale: $locale, parentPath: $parentPath, pathName: $pathName, title: $title) { ${OPERATION} } }`;
export const UPLOAD_ASSETS = `mutation WikikitV3Upload($siteId: UUID!, $folderPath: String, $locale: String, $files: [Upload!]!) { uploadAssets(siteId: $siteId, folderPath: $folderPath, locale: $locale, files: $files) { ${OPERATION} } }`;
export const RENAME_ASSET = `mutation WikikitV3RenameAsset($id: UUID!, $fileName: String!) { renameAsset(id: $id, fileName: $fileName) { ${OPERATION} } }`;
export const DELETE_ASSET = `mutation WikikitV3DeleteAsset($id: UUID!) { deleteAsset(id: $id) { ${OPERATION} } }`;

const USER_MINIMAL = 'id name email isSystem isActive createdAt lastLoginAt';
export const USERS = `query WikikitV3Users($page: Int, $pageSize: Int, $orderBy: UserOrderBy, $orderByDirection: OrderByDirection, $filter: String) { users(page: $page, pageSize: $pageSize, orderBy: $orderBy, orderByDirection: $orderByDirection, filter: $filter) { total users { ${USER_MINIMAL} } } }`;
export const USER_BY_ID = `query WikikitV3User($id: UUID!) { userById(id: $id) { ${USER_MINIMAL} isVerified meta prefs updatedAt groups { id name } auth { authId strategyKey } } }`;
export const CREATE_USER = `mutation WikikitV3CreateUser($email: String!, $name: String!, $password: String!, $groups: [UUID]!, $mustChangePassword: Boolean!, $sendWelcomeEmail: Boolean!) { createUser(email: $email, name: $name, password: $password, groups: $groups, mustChangePassword: $mustChangePassword, sendWelcomeEmail: $sendWelcomeEmail) { ${OPERATION} user { ${USER_MINIMAL} } } }`;
export const UPDATE_USER = `mutation WikikitV3UpdateUser($id: UUID!, $patch: UserUpdateInput!) { updateUser(id: $id, patch: $patch) { ${OPERATION} } }`;
export const CHANGE_USER_PASSWORD = `mutation WikikitV3ChangeUserPassword($id: UUID!, $newPassword: String!) { changeUserPassword(id: $id, newPassword: $newPassword) { ${OPERATION} } }`;
export const DELETE_USER = `mutation WikikitV3DeleteUser($id: UUID!, $replaceId: UUID!) { deleteUser(id: $id, replaceId: $replaceId) { ${OPERATION} } }`;
export const ACTIVATE_USER = `mutation WikikitV3ActivateUser($id: UUID!) { activateUser(id: $id) { ${OPERATION} } }`;
export const DEACTIVATE_USER = `mutation WikikitV3DeactivateUser($id: UUID!) { deactivateUser(id: $id) { ${OPERATION} } }`;
export const VERIFY_USER = `mutation WikikitV3VerifyUser($id: UUID!) { verifyUser(id: $id) { ${OPERATION} } }`;

const GROUP_FIELDS = 'id name isSystem userCount createdAt updatedAt';
export const GROUPS = `query WikikitV3Groups { groups { ${GROUP_FIELDS} permissions } }`;
export const GROUP_BY_ID = `query WikikitV3Group($id: UUID!) { groupById(id: $id) { ${GROUP_FIELDS} redirectOnLogin permissions rules { id name mode match roles path locales sites } users { id name email } } }`;
export const CREATE_GROUP = `mutation WikikitV3CreateGroup($name: String!) { createGroup(name: $name) { ${OPERATION} group { id } } }`;
export const UPDATE_GROUP = `mutation WikikitV3UpdateGroup($id: UUID!, $name: String!, $redirectOnLogin: String!, $permissions: [String]!, $rules: [GroupRuleInput]!) { updateGroup(id: $id, name: $name, redirectOnLogin: $redirectOnLogin, permissions: $permissions, rules: $rules) { ${OPERATION} } }`;
export const DELETE_GROUP = `mutation WikikitV3DeleteGroup($id: UUID!) { deleteGroup(id: $id) { ${OPERATION} } }`;
export const ASSIGN_USER = `mutation WikikitV3AssignUser($groupId: UUID!, $userId: UUID!) { assignUserToGroup(groupId: $groupId, userId: $userId) { ${OPERATION} } }`;
export const UNASSIGN_USER = `mutation WikikitV3UnassignUser($groupId: UUID!, $userId: UUID!) { unassignUserFromGroup(groupId: $groupId, userId: $userId) { ${OPERATION} } }`;

export const API_KEYS = 'query WikikitV3ApiKeys { apiKeys { id name keyShort expiration createdAt updatedAt isRevoked } }';
export const API_STATE = 'query WikikitV3ApiState { apiState }';
export const CREATE_API_KEY = `mutation WikikitV3CreateApiKey($name: String!, $expiration: String!, $groups: [UUID]!) { createApiKey(name: $name, expiration: $expiration, groups: $groups) { ${OPERATION} key } }`;
export const REVOKE_API_KEY = `mutation WikikitV3RevokeApiKey($id: UUID!) { revokeApiKey(id: $id) { ${OPERATION} } }`;
export const SET_API_STATE = `mutation WikikitV3SetApiState($enabled: Boolean!) { setApiState(enabled: $enabled) { ${OPERATION} } }`;
export const AUTH_STRATEGIES = 'query WikikitV3ActiveStrategies { authActiveStrategies { id displayName isEnabled strategy { key title } } }';

export const UPDATE_SITE = `mutation WikikitV3UpdateSite($id: UUID!, $patch: SiteUpdateInput!) { updateSite(id: $id, patch: $patch) { ${OPERATION} } }`;

export const SYSTEM_INFO = 'query WikikitV3SystemInfo { systemInfo { currentVersion latestVersion dbType dbVersion nodeVersion operatingSystem hostname pagesTotal usersTotal groupsTotal tagsTotal } }';
export const SYSTEM_FLAGS = 'query WikikitV3SystemFlags { systemFlags }';
export const RESTORE_PAGE = `mutation WikikitV3RestorePage($pageId: Int!, $versionId: Int!) { restorePage(pageId: $pageId, versionId: $versionId) { ${OPERATION} } }`;
export const PURGE_HISTORY = `mutation WikikitV3PurgeHistory($olderThan: String!) { purgePagesHistory(olderThan: $olderThan) { ${OPERATION} } }`;
export const REBUILD_TREE = `mutation WikikitV3RebuildTree { rebuildPageTree { ${OPERATION} } }`;
export const FLUSH_CACHE = `mutation WikikitV3FlushCache { flushCache { ${OPERATION} } }`;
