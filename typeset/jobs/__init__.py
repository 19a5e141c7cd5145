"""Building: one source's pipeline, batches over every core, the manifest of what was built from what, watching."""
