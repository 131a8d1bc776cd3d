"""Uploaded files, checked before they are stored (validators.py): a PDF must parse with pypdf
and carry nothing active, an image is decoded and encoded again with Pillow, each within size
and time limits. Knows no model: the agreements' attachments use it."""
