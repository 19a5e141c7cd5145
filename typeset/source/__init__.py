"""Reading and checking sources: the publication config, article front matter and Markdown bodies."""
