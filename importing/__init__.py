"""Spreadsheet imports with a preview (django-import-export), the engine under every domain
app's import: files read within limits (`files`), cells and rows (`resources`), the admin's
upload-preview-confirm pages (`admin`) with the uploaded files kept privately (`models`) and
large files run as background jobs (`jobs`), and the command-line twin (`command`). Knows no
model of ours; docs/import.md."""
