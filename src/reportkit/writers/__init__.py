"""One module per output. Each is pure: the numbered, resolved model in, text or bytes out."""
