"""What the machine finds in an article: entities and quotations, and their cache."""
