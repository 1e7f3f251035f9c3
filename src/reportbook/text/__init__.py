"""Reading a report's text: numerals, the number scanner, the report file, curation, segments and context."""
