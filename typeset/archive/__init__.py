"""The archive: articles and editions kept for decades as self-verifying PDF/A-3, and a catalog.

Each archived PDF carries what made it (its source, the publication config, a JSON
record of its metadata) as attachments, so the archive can be checked by
rebuilding every file from its own contents, and its catalog rebuilt from the
files alone.
"""
