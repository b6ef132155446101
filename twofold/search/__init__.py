"""Finding records by a word in them: the lists' search boxes and the global search."""
