"""The library as a research desk: one index over every article, and questions across it.

`library_index` keeps the index (a JSON file in the library folder, updated incrementally);
`search`, `speakers` and `entities` answer questions from it without touching the articles.
"""
