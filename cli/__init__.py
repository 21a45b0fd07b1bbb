"""The `newsdesk` command line: one module per family of subcommands.

It needs no Textual until it launches the app (`cli.main._run_app` imports it then), so
`newsdesk --help`, `export` and `search` start quickly. The domain (`annotations`) does the
work; these modules parse arguments, print and exit.
"""
