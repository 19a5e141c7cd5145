"""Typography: direction, digits and dates, words, verse and kashida, fonts, page geometry (no I/O but the cache)."""
