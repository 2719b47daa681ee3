// SupportStore
