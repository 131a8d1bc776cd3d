"""Spreadsheet imports with a preview (django-import-export), the engine under every domain
app's import: files and cells (`resources`), the admin's upload-preview-confirm pages (`admin`)
and the command-line twin (`command`). Knows no model of ours; docs/import.md."""
