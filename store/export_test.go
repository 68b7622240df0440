package store

// The block and part of the schema version 3 layout, for tests that break a
// ledger behind the store's back.
var (
	BlockName = blockName
	KeyPart   = keyPart
)
