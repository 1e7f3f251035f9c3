"""Reading a report's text: numerals, the number scanner (its token, the words around a number, the passes over the whole text, its lexicon), the report file, curation, segments and context."""
