"""Mail as data: raw bytes to a ParsedMessage (parse, text, forwards, limits) and back to an outgoing message (compose, queue). Pure."""
