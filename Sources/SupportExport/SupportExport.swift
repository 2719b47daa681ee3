// SupportExport
