// Tables added by the digests migrations; filled in with those migrations.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DigestsTables {}
