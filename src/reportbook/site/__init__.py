"""The book's site under Sphinx: the extension, the offline Vega bundle, the Altair theme."""
