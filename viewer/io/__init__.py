"""Import and export: files in, files out. No Qt."""
