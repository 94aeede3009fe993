"""What a message asks for: ParsedMessage to Intent (the detector and its multilingual data). Pure."""
