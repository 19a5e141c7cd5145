"""The command line (``typeset.cli.main``): the only part of typeset that prints."""
