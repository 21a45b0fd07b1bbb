"""Where articles come from: files, web pages, Markdown, stdin; how each is read."""
