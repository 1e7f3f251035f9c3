"""reportbook: the Shuangshan annual report book."""
__version__ = "0.1.0"
