"""newsdesk's domain: articles, highlights, anchoring, the library store, extraction, export.

This package never imports textual, rich or tui, so it can be used and tested on its own.
"""
