// Tables added by the analyst migrations; filled in with those migrations.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AnalystTables {}
