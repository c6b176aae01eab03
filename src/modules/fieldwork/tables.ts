export interface FieldworkTables {}
