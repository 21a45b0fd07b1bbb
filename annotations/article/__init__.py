"""An article's text and its structure: the model, words, sentences, spans."""
