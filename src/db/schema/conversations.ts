// Tables added by the conversations migrations; filled in with those migrations.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ConversationsTables {}
