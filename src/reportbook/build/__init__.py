"""Building the book: templates, planning and running the notebooks, the cache, publishing, verifying."""
