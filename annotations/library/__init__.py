"""The library: highlights, corrections, the store and its files, the session, anchoring."""
