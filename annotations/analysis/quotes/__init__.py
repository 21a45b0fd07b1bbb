"""Quotations in an article and who said them.

`find_quotes` pairs quotation marks paragraph by paragraph (`detection`), drops quoted titles
and mentioned words (`classification`), and finds each speaker from the narration around the
quotation (`attribution`, `speakers`), naming it as the matching entity where there is one.
"""

from annotations.analysis.quotes.extraction import find_quotes
from annotations.analysis.quotes.model import Quote, QuoteKind

__all__ = ["Quote", "QuoteKind", "find_quotes"]
